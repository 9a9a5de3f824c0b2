import { expect, test } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { DEFAULT_SETTINGS } from '../../src/settings/settingsTable';
import { trainHeadless, type RunResult } from '../../src/run/trainHeadless';
import { checked } from '../checkedSettings';

// The run pool has no view of its own yet (multi-seed checks and sweeps will use it), so this
// test serves the sources with Vite's dev server and drives the pool's real module workers from a
// blank page of that origin in Chromium.
let server: ViteDevServer;
let origin = '';

test.beforeAll(async () => {
  server = await createServer({ configFile: 'vite.config.ts', logLevel: 'error', server: { host: '127.0.0.1', port: 0, hmr: false } });
  await server.listen();
  origin = server.resolvedUrls!.local[0];
});

test.afterAll(async () => {
  await server?.close();
});

const SMALL = checked({ ...DEFAULT_SETTINGS, dataset: 'moons', trainCount: 60, validationFraction: 0.5, hiddenLayers: [8] });

test('the run pool trains seeds in parallel workers, equal to the same runs in Node, and cancels', async ({ page }) => {
  await page.route(`${origin}pool-test`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>run pool</title>' }));
  await page.goto(`${origin}pool-test`);
  type PoolModule = typeof import('../../src/worker/poolLane');
  type PoolWindow = { pool: ReturnType<PoolModule['createWorkerPool']> };
  const outcome = await page.evaluate(async (settings) => {
    const load = (path: string) => import(/* @vite-ignore */ path) as Promise<PoolModule>;
    const { createWorkerPool } = await load('/src/worker/poolLane.ts');
    const pool = createWorkerPool({ size: 2 });
    (window as unknown as PoolWindow).pool = pool;
    const results = await Promise.all([1, 2, 3].map((seed) => pool.run({ settings: { ...settings, seed }, limit: { epochs: 5 } })));
    return { size: pool.size, results };
  }, SMALL);
  // Two lanes, each a module worker of its own.
  const poolWorkers = [];
  for (const worker of page.workers()) if ((await worker.evaluate(() => (self as unknown as { name: string }).name)) === 'run-pool') poolWorkers.push(worker);
  expect(poolWorkers).toHaveLength(2);
  const cancelled = await page.evaluate(async (settings) => {
    const pool = (window as unknown as PoolWindow).pool;
    let progress = 0;
    const result = await pool.run({ settings, limit: { epochs: 1_000_000 } }, { onProgress: () => (progress += 1) === 3 && pool.cancelAll() });
    pool.dispose();
    return { cancelled: result.cancelled, epochs: result.epochs.length };
  }, SMALL);
  expect(outcome.size).toBe(2);
  outcome.results.forEach((result: RunResult, index: number) => {
    const expected = trainHeadless({ settings: { ...SMALL, seed: index + 1 }, limit: { epochs: 5 } });
    expect(result).toEqual(expected);
  });
  expect(cancelled.cancelled).toBe(true);
  expect(cancelled.epochs).toBeGreaterThanOrEqual(3);
  expect(cancelled.epochs).toBeLessThan(1_000_000);
});
