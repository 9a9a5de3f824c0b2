// @vitest-environment node
/**
 * Slices yield through a MessageChannel (trainInSlices.ts). In Node a port either keeps the
 * process alive for ever or, unreferenced, lets it exit with the run unfinished: a plain script
 * must finish its run and then exit by itself.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the in-process pool in a plain Node script', () => {
  it('finishes its run and lets the process exit', () => {
    const script = fileURLToPath(new URL('./fixtures/inProcessPoolScript.ts', import.meta.url));
    const outcome = spawnSync('npx', ['tsx', script], { encoding: 'utf8', timeout: 120_000 });
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(JSON.parse(outcome.stdout.trim())).toEqual({ epochs: 60, cancelled: false });
  });
});
