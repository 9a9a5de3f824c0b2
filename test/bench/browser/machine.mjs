// What the probe ran on: CPU count and model, memory, Node and Chromium versions.
import { cpus, totalmem, platform, release } from 'node:os';
import { execFileSync } from 'node:child_process';

/** The machine's description for the report. */
export function machine(browserVersion) {
  const processors = cpus();
  let nproc = processors.length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // nproc is not everywhere
  }
  return {
    nproc,
    cpuModel: processors[0]?.model?.trim() ?? 'unknown',
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    chromium: browserVersion,
  };
}
