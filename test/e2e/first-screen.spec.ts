import { expect, test, type Locator, type Page } from '@playwright/test';
import { currentEpoch, waitForReady } from './helpers';

/** Whether an element's box lies inside the first viewport (no scrolling). */
async function inFirstViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  if (!box || box.width === 0 || box.height === 0) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, 'page width').toBeLessThanOrEqual(widths.client);
}

async function statusNotTruncated(page: Page): Promise<void> {
  const status = page.locator('.status-line');
  const fits = await status.evaluate((element) => element.scrollWidth <= element.clientWidth && element.scrollHeight <= element.clientHeight + 1);
  expect(fits, (await status.textContent()) ?? '').toBe(true);
}

const SWITCHES = ['L1', 'L2', 'Dropout', 'Batch normalization', 'Early stopping'];

for (const size of [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
]) {
  test(`at ${size.width}x${size.height} the first screen holds the header figures, the five switches, the boundary, the loss chart and the network`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('./?seed=2');
    await waitForReady(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => currentEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
    // While training: every figure of the status line, the speed included, on one uncut line.
    await expect(page.locator('.status-line')).toHaveText(/Epoch \d+ · step \d+ · training loss [\d.e-]+ · validation loss [\d.e-]+ · validation accuracy [\d.]+% · [\d,]+ steps\/s · training/);
    await statusNotTruncated(page);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    for (const name of ['Play', 'Step', 'Reset']) expect(await inFirstViewport(page, page.getByRole('button', { name, exact: true })), name).toBe(true);
    expect(await inFirstViewport(page, page.locator('.status-line'))).toBe(true);
    for (const name of SWITCHES) expect(await inFirstViewport(page, page.getByRole('switch', { name, exact: true })), name).toBe(true);
    expect(await inFirstViewport(page, page.locator('canvas.boundary-canvas')), 'boundary').toBe(true);
    const boundary = (await page.locator('canvas.boundary-canvas').boundingBox())!;
    expect(Math.abs(boundary.width - boundary.height), 'a square boundary').toBeLessThanOrEqual(2);
    // Hovering the picture shows a readout without resizing the picture under the pointer.
    const canvasBox = (await page.locator('canvas.boundary-canvas').boundingBox())!;
    await page.locator('canvas.boundary-canvas').hover({ position: { x: 6, y: 6 } });
    await expect(page.locator('.slot-picture .readout')).toContainText(/predicts/);
    expect(await page.locator('canvas.boundary-canvas').boundingBox()).toEqual(canvasBox);
    // Whole inside their slots (a slot clips what does not fit): the boundary's legend, the loss
    // chart's legends, the network picture with its "+N more".
    for (const [slot, part] of [
      ['.slot-picture', '.legend'],
      ['.slot-loss', '.legend'],
      ['.slot-network', '.net-stage'],
    ]) {
      const inner = await page.locator(`${slot} ${part}`).evaluateAll((elements) => Math.max(...elements.map((element) => element.getBoundingClientRect().bottom)));
      const box = (await page.locator(slot).boundingBox())!;
      expect(inner, `${slot} ${part} inside its slot`).toBeLessThanOrEqual(box.y + box.height + 0.5);
    }
    expect(await inFirstViewport(page, page.locator('#loss-chart-title + .chart-box')), 'loss chart').toBe(true);
    expect(await inFirstViewport(page, page.locator('canvas.net-canvas')), 'network').toBe(true);
    expect(await inFirstViewport(page, page.getByRole('tablist', { name: 'Views' })), 'inspector').toBe(true);
    // The page itself does not scroll.
    const scroll = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));
    expect(scroll.height).toBeLessThanOrEqual(scroll.client);
    await noHorizontalOverflow(page);
  });
}

test('the status line is not cut at 1024x768', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('./');
  await waitForReady(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => currentEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
  await statusNotTruncated(page);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await noHorizontalOverflow(page);
});

test('on a phone (390x844), Play and the five switches stay reachable while the boundary or the loss chart is in view', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./');
  await waitForReady(page);
  await noHorizontalOverflow(page);
  for (const target of [page.locator('canvas.boundary-canvas'), page.locator('#loss-chart-title + .chart-box')]) {
    await target.scrollIntoViewIfNeeded();
    expect(await inFirstViewport(page, target.first()) || (await target.boundingBox())!.y < 844).toBe(true);
    expect(await inFirstViewport(page, page.getByRole('button', { name: /^(Play|Pause)$/ }))).toBe(true);
    for (const name of SWITCHES) {
      const control = page.getByRole('switch', { name, exact: true });
      // The strip scrolls sideways inside itself; each switch is in it and can be brought into view there.
      await control.evaluate((element) => element.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
      expect(await inFirstViewport(page, control), name).toBe(true);
    }
    await noHorizontalOverflow(page);
  }
  await page.getByRole('switch', { name: 'L2', exact: true }).click();
  await expect(page.getByRole('switch', { name: 'L2', exact: true })).toBeChecked();
  // The boundary is drawn square, as wide as the screen allows (a stretched canvas would distort the data).
  const box = (await page.locator('canvas.boundary-canvas').boundingBox())!;
  expect(Math.abs(box.width - box.height)).toBeLessThanOrEqual(2);
  expect(box.width).toBeGreaterThan(300);
});

test('L2 switched on mid-run shows its marker on the loss chart', async ({ page }) => {
  await page.goto('./?seed=3');
  await waitForReady(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => currentEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(40);
  await page.getByRole('switch', { name: 'L2', exact: true }).click();
  const epochAtSwitch = await currentEpoch(page);
  await expect.poll(() => currentEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(epochAtSwitch + 30);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const chart = page.locator('#loss-chart-title + .chart-box');
  // The run log's first entry is drawn as a labelled line ("1", or "1 & best, epoch N" when it shares a spot).
  await expect.poll(async () => (await chart.locator('text.marker-label').allTextContents()).some((label) => /^1( |$)/.test(label))).toBe(true);
  expect(await inFirstViewport(page, chart.locator('text.marker-label').first())).toBe(true);
});

test('Start here ticks its steps as they are done, and stays away once dismissed', async ({ page }) => {
  await page.goto('./');
  await waitForReady(page);
  const steps = page.getByRole('region', { name: 'Start here' });
  await expect(steps.getByRole('listitem')).toHaveCount(3);
  await expect(steps.locator('li[data-done="true"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(steps.locator('li[data-done="true"]')).toHaveCount(2, { timeout: 30_000 });
  await page.getByRole('switch', { name: 'Dropout', exact: true }).click();
  await expect(steps.locator('li[data-done="true"]')).toHaveCount(3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await steps.getByRole('button', { name: /Done/ }).click();
  await expect(steps).toHaveCount(0);
  await page.reload();
  await waitForReady(page);
  await expect(page.getByRole('region', { name: 'Start here' })).toHaveCount(0);
});
