/**
 * The browser probe's reference: the same workload the page trains (the default settings, or the
 * settings of the probe's --query link), run headless in Node with `replayRun`, no worker, no
 * telemetry. Prints one JSON line:
 * { steps, epochs, seconds, stepsPerSecond, epochsPerSecond, samplesPerSecond }.
 * Usage: tsx test/bench/browser/headless-throughput.ts [seconds] [query]
 */
import { readFileSync } from 'node:fs';
import { replayRun } from '../../../src/worker/replay';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { decodeUrl } from '../../../src/state/urlState';
import { parseDigitsBinary, type DigitsSet } from '../../../src/data';
import { digitsResolutionOf } from '../../../src/settings/digitsResolution';

const seconds = Number(process.argv[2] ?? 5);
const settings: Settings = { ...DEFAULT_SETTINGS, ...decodeUrl(process.argv[3] ?? '').settings };
function loadDigits(resolution: number): DigitsSet {
  const bytes = readFileSync(new URL(`../../../public/data/digits-${resolution}.bin`, import.meta.url));
  return parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
const sources = settings.dataset === 'digits' ? { digits: loadDigits(digitsResolutionOf(settings)) } : {};
// Warm the JIT on a short run and size the timed chunks from its speed: a few seconds each (the
// spiral trains thousands of steps a second, the digits CNN a few hundred), so building the data
// for each chunk stays a small share of the time, as it is in the page.
const warmStart = performance.now();
const warmSteps = settings.dataset === 'digits' ? 60 : 2000;
replayRun(settings, sources, [], warmSteps);
const warmRate = warmSteps / Math.max(1e-3, (performance.now() - warmStart) / 1000);
const chunk = Math.max(50, Math.round(warmRate * Math.min(4, seconds)));
let steps = 0;
let epochs = 0;
const start = performance.now();
while (performance.now() - start < seconds * 1000) {
  const result = replayRun(settings, sources, [], chunk);
  steps += result.steps;
  epochs += result.epochs.length;
}
const elapsed = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({
    workload: `${process.argv[3] || 'default settings'} (replayRun, no telemetry)`,
    steps,
    epochs,
    seconds: elapsed,
    stepsPerSecond: steps / elapsed,
    epochsPerSecond: epochs / elapsed,
    // Every step of an epoch but the last sees batchSize examples; an epoch sees the whole training set.
    samplesPerSecond: (steps / Math.ceil(settings.trainCount / settings.batchSize)) * settings.trainCount / elapsed,
  }),
);
