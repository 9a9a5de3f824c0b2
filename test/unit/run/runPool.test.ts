import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { createInProcessPool, defaultPoolSize, type RunProgress } from '../../../src/run/runPool';
import { trainHeadless, type RunRequest, type RunResult } from '../../../src/run/trainHeadless';
import { createWorkerPool, type PoolPort } from '../../../src/worker/poolLane';
import { createPoolSession } from '../../../src/worker/poolSession';
import type { PoolCommand, PoolEvent } from '../../../src/worker/poolProtocol';
import { checked } from '../../checkedSettings';

const SMALL = checked({ ...DEFAULT_SETTINGS, dataset: 'moons', trainCount: 40, validationFraction: 0.5, hiddenLayers: [6], batchSize: 8 });

function request(seed: number, epochs = 6): RunRequest {
  return { settings: { ...SMALL, seed }, limit: { epochs } };
}

/** A worker stand-in: the real pool session, with messages delivered asynchronously both ways. */
function fakePort(): PoolPort {
  const port: PoolPort = {
    onmessage: null,
    onerror: null,
    postMessage: (command: PoolCommand) => setTimeout(() => handle(structuredClone(command))),
    terminate: () => {},
  };
  const handle = createPoolSession((event: PoolEvent) => setTimeout(() => port.onmessage?.({ data: structuredClone(event) } as MessageEvent<PoolEvent>)));
  return port;
}

describe('run pool', () => {
  it('sizes itself to the cores less one, at least 1', () => {
    expect(defaultPoolSize(8)).toBe(7);
    expect(defaultPoolSize(1)).toBe(1);
    expect(defaultPoolSize(undefined)).toBe(1);
    expect(createInProcessPool({ size: 3 }).size).toBe(3);
    expect(() => createInProcessPool({ size: 0 })).toThrow(RangeError);
  });

  it('in process: each run equals the same run trained headless, with progress per epoch and results as they finish', async () => {
    const finished: number[] = [];
    const pool = createInProcessPool({ size: 2, onResult: (_result, finishedRequest) => finished.push(finishedRequest.settings.seed) });
    const progress = new Map<number, RunProgress[]>();
    const seeds = [1, 2, 3, 4];
    const results = await Promise.all(
      seeds.map((seed) => pool.run(request(seed), { onProgress: (item) => progress.set(seed, [...(progress.get(seed) ?? []), item]) })),
    );
    expect(finished.sort()).toEqual(seeds);
    results.forEach((result, index) => {
      const direct = trainHeadless(request(seeds[index]));
      expect(result).toEqual(direct);
      expect(result.cancelled).toBe(false);
      expect(progress.get(seeds[index])!.map((item) => item.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(progress.get(seeds[index])!.map((item) => item.metrics)).toEqual(result.epochs);
    });
    expect(results[0].epochs).not.toEqual(results[1].epochs);
  });

  it('trains until early stopping when asked to run until done', async () => {
    const pool = createInProcessPool();
    const settings = checked({ ...SMALL, seed: 5, earlyStopping: true, patience: 2, trainCount: 200, hiddenLayers: [32, 32], dataset: 'spirals' });
    const result = await pool.run({ settings, limit: { untilDone: true, maxEpochs: 400 } });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochs.length).toBeLessThan(400);
  });

  it('cancelAll ends the running run at its next slice and the queued ones at once', async () => {
    const pool = createInProcessPool({ size: 1 });
    let started = false;
    const runs = [7, 8, 9].map((seed) =>
      pool.run(request(seed, 100_000), {
        onProgress: () => {
          if (!started) {
            started = true;
            pool.cancelAll();
          }
        },
      }),
    );
    const results: RunResult[] = await Promise.all(runs);
    expect(results.map((result) => result.cancelled)).toEqual([true, true, true]);
    expect(results[0].epochs.length).toBeGreaterThanOrEqual(1);
    expect(results[0].epochs.length).toBeLessThan(100_000);
    expect(results[1].epochs).toEqual([]);
    expect(results[2].epochs).toEqual([]);
  });

  it('through the worker protocol (pool session behind a port): the same metrics, and a failure rejects only its run', async () => {
    const pool = createWorkerPool({ size: 2, createPort: fakePort });
    const [first, second] = await Promise.all([pool.run(request(11)), pool.run(request(12))]);
    expect(first).toEqual(trainHeadless(request(11)));
    expect(second).toEqual(trainHeadless(request(12)));
    await expect(pool.run({ settings: { ...SMALL, dataset: 'digits' }, limit: { epochs: 1 } })).rejects.toThrow('The digits have not been loaded yet.');
    expect(await pool.run(request(13, 2))).toEqual(trainHeadless(request(13, 2)));
    pool.dispose();
    await expect(pool.run(request(14))).rejects.toThrow('disposed');
  });
});
