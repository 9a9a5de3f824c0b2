import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { currentEpoch, openTab, playToEpoch, statusText, waitForReady } from './helpers';

test('a replay file loaded back reproduces the run, live changes included', async ({ page, context }) => {
  await page.goto('./?seed=5&n=100');
  await waitForReady(page);
  await playToEpoch(page, 3);
  await page.getByRole('switch', { name: 'L2', exact: true }).click();
  await page.getByRole('switch', { name: 'Dropout', exact: true }).click();
  await playToEpoch(page, (await currentEpoch(page)) + 4);
  const original = await statusText(page);
  await openTab(page, 'Export');
  const exportPanel = page.getByRole('region', { name: 'Export' });
  const [download] = await Promise.all([page.waitForEvent('download'), exportPanel.getByRole('button', { name: 'Download replay file' }).click()]);
  const replayText = readFileSync(await download.path(), 'utf8');
  expect(JSON.parse(replayText).runLog.length).toBe(2);

  const fresh = await context.newPage();
  await fresh.goto('./?seed=77&data=moons');
  await waitForReady(fresh);
  await openTab(fresh, 'Export');
  await fresh.getByLabel('Load replay file').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(replayText) });
  await expect(fresh.getByRole('status').filter({ hasText: /^Replaying [\d,]+ steps with 2 live changes/ })).toBeVisible();
  await expect(fresh.locator('.status-line')).toHaveText(original, { timeout: 30_000 });
});
