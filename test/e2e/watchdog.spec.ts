import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { currentEpoch, openTab, playToEpoch, statusText, waitForReady } from './helpers';

/**
 * The watchdog (issue 17): a training worker that closes itself or hangs is replaced, the page
 * says so, and the new worker replays the run to where it was. The faults exist only in the
 * browser tests' build (dist-e2e, `npm run build:e2e`, served at FAULTS_BASE_URL by
 * scripts/e2e.mjs); the product build has no way in (test/unit/worker/testFaultsBundle.test.ts).
 * "The same run" is checked against a replay of the run's file saved before the fault, trained
 * uninterrupted to the same step in another page: the status lines (epoch, step, losses,
 * accuracy) must be equal.
 */
const FAULTS_BASE_URL = process.env.FAULTS_BASE_URL;

function faultsUrl(path: string): string {
  if (!FAULTS_BASE_URL) throw new Error('The watchdog tests need the test build: run `npm run build:e2e` before `npm run test:e2e`.');
  return new URL(path, FAULTS_BASE_URL).href;
}

const RESTARTED = 'The training worker was replaced by a new one.';

async function injectFault(page: Page, kind: 'close' | 'hang'): Promise<void> {
  await page.evaluate((faultKind) => (window as unknown as { __playgroundTestFault(kind: string): void }).__playgroundTestFault(faultKind), kind);
}

/** Trains to epoch 3, switches L2 on, trains 3 more epochs and saves the replay file (paused). */
async function trainWithLiveChange(page: Page): Promise<string> {
  await page.goto(faultsUrl('./?seed=5&n=100'));
  await waitForReady(page);
  await playToEpoch(page, 3);
  await page.getByRole('switch', { name: 'L2', exact: true }).click();
  await playToEpoch(page, (await currentEpoch(page)) + 3);
  await openTab(page, 'Export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Export' }).getByRole('button', { name: 'Download replay file' }).click()]);
  const replay = readFileSync(await download.path(), 'utf8');
  expect(JSON.parse(replay).runLog).toHaveLength(1);
  return replay;
}

function stepOf(status: string): number {
  return Number(/step (\d+)/.exec(status)![1]);
}

/** The status line of the same run replayed uninterrupted to `steps` in a fresh page. */
async function uninterrupted(page: Page, replay: string, steps: number): Promise<string> {
  const file = { ...JSON.parse(replay), steps };
  await page.goto(faultsUrl('./?seed=77&data=moons'));
  await waitForReady(page);
  await openTab(page, 'Export');
  await page.getByLabel('Load replay file').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.locator('.status-line')).toContainText(`step ${steps} `, { timeout: 45_000 });
  await expect(page.locator('.status-line')).toHaveText(/· paused$/);
  return statusText(page);
}

test.describe('failure 1 (issue 17), the watchdog: a dead or hung training worker is replaced and the run goes on', () => {
  test('a worker that calls self.close() while training is replaced; the run replays and trains on, equal to an uninterrupted run', async ({ page, context }) => {
    test.setTimeout(120_000);
    const replay = await trainWithLiveChange(page);
    const faultEpoch = await currentEpoch(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(page.locator('.status-line')).toHaveText(/· training$/);
    await injectFault(page, 'close');
    const banner = page.getByRole('alert').filter({ hasText: RESTARTED });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('said nothing for');
    // The new worker caught up and plays on; it answers Pause.
    await expect.poll(() => currentEpoch(page), { timeout: 30_000 }).toBeGreaterThan(faultEpoch + 3);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(page.locator('.status-line')).toHaveText(/· paused$/);
    // The page shows "paused" at once; read the figures once the worker has said where it stopped.
    await expect(page.locator('.status-line')).toHaveAttribute('data-settled', 'true');
    const recovered = await statusText(page);
    // Step and Reset work in the new worker.
    expect(await uninterrupted(await context.newPage(), replay, stepOf(recovered))).toBe(recovered);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.locator('.status-line')).toContainText(`step ${stepOf(recovered) + 1} `);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(page.locator('.status-line')).toContainText('Epoch 0 · step 0');
  });

  test('a worker that hangs (spins for 3x the bound) while training: Pause shows at once, and the new worker holds the same run, paused', async ({ page, context }) => {
    test.setTimeout(120_000);
    const replay = await trainWithLiveChange(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(page.locator('.status-line')).toHaveText(/· training$/);
    await injectFault(page, 'hang');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // The page answers Pause itself (the hung worker cannot); the default 5 s expect timeout is not a timing claim.
    await expect(page.locator('.status-line')).toHaveText(/· paused$/);
    const banner = page.getByRole('alert').filter({ hasText: RESTARTED });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('said nothing for 6 s');
    await expect(banner).toContainText('A new one replays your run (same seed, same live changes) to step');
    await expect(page.locator('.status-line')).toContainText('step', { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeEnabled({ timeout: 30_000 });
    await expect(page.locator('.status-line')).toHaveText(/· paused$/, { timeout: 30_000 });
    const recovered = await statusText(page);
    expect(stepOf(recovered)).toBeGreaterThan(0);
    expect(await uninterrupted(await context.newPage(), replay, stepOf(recovered))).toBe(recovered);
  });

  test('a switch turned on while the worker hangs is in force in the new worker (it is in the run log after the replay)', async ({ page }) => {
    test.setTimeout(120_000);
    await trainWithLiveChange(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(page.locator('.status-line')).toHaveText(/· training$/);
    await injectFault(page, 'hang');
    await page.getByRole('switch', { name: 'Dropout', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: RESTARTED })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeEnabled({ timeout: 30_000 });
    await expect(page.locator('.status-line')).toHaveText(/· paused$/, { timeout: 30_000 });
    await expect(page.getByRole('switch', { name: 'Dropout', exact: true })).toBeChecked();
    await openTab(page, 'Export');
    await expect
      .poll(async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Export' }).getByRole('button', { name: 'Download replay file' }).click()]);
        const runLog: { changes?: Record<string, unknown> }[] = JSON.parse(readFileSync(await download.path(), 'utf8')).runLog;
        return runLog.map((entry) => Object.keys(entry.changes ?? {}).join('+'));
      }, { timeout: 30_000 })
      .toEqual(['l2Enabled', 'dropoutEnabled']);
  });

  test('Reset does not wait for a hung worker: a new one starts the run over', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(faultsUrl('./?seed=3'));
    await waitForReady(page);
    await playToEpoch(page, 3);
    await injectFault(page, 'hang');
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    const banner = page.getByRole('alert').filter({ hasText: RESTARTED });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('did not answer Reset within 1 s');
    await expect(banner).toContainText('A new one started the run over, as Reset asks.');
    await expect(page.locator('.status-line')).toContainText('Epoch 0 · step 0');
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.locator('.status-line')).toContainText('step 1 ');
  });

  test('a worker that hangs while training, with nobody pressing anything, is replaced within the silence bound and plays on', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(faultsUrl('./?seed=3'));
    await waitForReady(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => currentEpoch(page)).toBeGreaterThan(2);
    const before = await currentEpoch(page);
    await injectFault(page, 'hang');
    const banner = page.getByRole('alert').filter({ hasText: RESTARTED });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('while training');
    await expect.poll(() => currentEpoch(page), { timeout: 30_000 }).toBeGreaterThan(before + 3);
    await expect(page.locator('.status-line')).toHaveText(/· training$/);
  });
});
