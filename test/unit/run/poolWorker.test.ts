// @vitest-environment node
import '@vitest/web-worker';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { trainHeadless } from '../../../src/run/trainHeadless';
import { createWorkerPool } from '../../../src/worker/poolLane';
import { checked } from '../../checkedSettings';

const SMALL = checked({ ...DEFAULT_SETTINGS, dataset: 'circle', trainCount: 40, validationFraction: 0.5, hiddenLayers: [5], batchSize: 8 });

describe('run pool through its worker entry (pool.worker.ts)', () => {
  it('trains in the worker and reports the same metrics as the run trained here; cancel stops a long run', async () => {
    // One lane: @vitest/web-worker simulates workers in this thread, and two of them at once did not both answer here.
    const pool = createWorkerPool({ size: 1 });
    const requests = [3, 4].map((seed) => ({ settings: { ...SMALL, seed }, limit: { epochs: 4 } }));
    const results = await Promise.all(requests.map((request) => pool.run(request)));
    results.forEach((result, index) => expect(result).toEqual(trainHeadless(requests[index])));
    let epochs = 0;
    const long = pool.run({ settings: SMALL, limit: { epochs: 1_000_000 } }, { onProgress: () => (epochs += 1) === 2 && pool.cancelAll() });
    const cancelled = await long;
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.epochs.length).toBeGreaterThanOrEqual(2);
    pool.dispose();
  });
});
