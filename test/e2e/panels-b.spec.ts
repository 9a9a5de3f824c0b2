import { expect, test, type Locator, type Page } from '@playwright/test';
import { closeSettings, openLossNumbers, openSettings } from './helpers';

// Loss and accuracy, Diagnosis, Decision boundary (and its regression forms) and Digits in a real
// browser. Driven by steps and the status line, never by the clock.

/** The status line's epoch and step. */
async function status(page: Page): Promise<{ epoch: number; step: number }> {
  const text = (await page.getByRole('status').first().textContent()) ?? '';
  return { epoch: Number(/Epoch (\d+)/.exec(text)?.[1] ?? -1), step: Number(/step (\d+)/.exec(text)?.[1] ?? -1) };
}

async function waitForReady(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeEnabled();
  await expect(page.getByRole('status').first()).toContainText('Epoch 0');
}

/** Plays until the status reports at least `epoch`, then pauses and waits until the run says so. */
async function playToEpoch(page: Page, epoch: number): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => (await status(page)).epoch, { timeout: 30_000 }).toBeGreaterThanOrEqual(epoch);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(page.getByRole('status').first()).toContainText('paused');
}

/** Distinct colours in a canvas (sampled): 1 means blank. */
async function canvasColours(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const target = element as HTMLCanvasElement;
    const context = target.getContext('2d');
    if (!context || target.width === 0) return 0;
    const pixels = context.getImageData(0, 0, target.width, target.height).data;
    const colours = new Set<number>();
    for (let index = 0; index < pixels.length; index += 4 * 13) colours.add((pixels[index] << 16) | (pixels[index + 1] << 8) | pixels[index + 2]);
    return colours.size;
  });
}

/** Screenshots of regions at the current viewport (the sticky header lifted so it covers nothing). */
async function screenshotRegions(page: Page, names: string[], suffix: string): Promise<void> {
  const unstick = await page.addStyleTag({ content: '.app-header { position: static !important; }' });
  for (const name of names) {
    const region = page.getByRole('region', { name, exact: true });
    await region.scrollIntoViewIfNeeded();
    // Canvases draw on the next frame once on screen; charts refresh within half a second.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await region.screenshot({ path: `test/e2e/output/panel-${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${suffix}.png` });
  }
  await unstick.evaluate((element) => (element as Element).remove());
}

function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  return problems;
}

test.describe('Loss and accuracy, Diagnosis, Decision boundary, Digits', () => {
  test('the default run: curves with a live change marked, a verdict with its rule, a drawn boundary with a readout', async ({ page }) => {
    const problems = collectProblems(page);
    await page.goto('./');
    await waitForReady(page);
    const loss = page.getByRole('region', { name: 'Loss and accuracy', exact: true });
    const diagnosis = page.getByRole('region', { name: 'Diagnosis', exact: true });
    const boundary = page.getByRole('region', { name: 'Decision boundary', exact: true });
    await expect(loss.getByText(/Press Play/)).toBeVisible();
    await expect(diagnosis.locator('.verdict-name')).toHaveText('too early to tell');

    // The boundary canvas is drawn from the first snapshot, before any training.
    const canvas = boundary.getByRole('img');
    await expect.poll(() => canvasColours(canvas)).toBeGreaterThan(10);

    await playToEpoch(page, 20);
    // A live change while paused goes into the run log at the current epoch.
    const { epoch: changeEpoch } = await status(page);
    await page.getByRole('switch', { name: 'L2', exact: true }).click();
    await openLossNumbers(page);
    const markers = loss.getByRole('list', { name: 'Markers on the charts' });
    await expect(markers).toHaveAttribute('data-run-log-count', '1');
    await expect(markers.locator('[data-kind="change"]')).toHaveAttribute('data-epoch', String(changeEpoch));
    await expect(markers.locator('[data-kind="change"]')).toContainText(`after epoch ${changeEpoch}: L2 on`);
    // The default spiral plateaus for a while ("still learning"): train on until a verdict shows.
    await playToEpoch(page, changeEpoch + 100);

    // Curves: training, validation, penalty (L2 is on) and the accuracy pair, with the gap band.
    // (An off-screen panel does no work: it catches up once scrolled into view.)
    await loss.scrollIntoViewIfNeeded();
    await expect.poll(() => loss.locator('.recharts-line-curve').count()).toBe(5);
    await expect(loss.locator('.recharts-area-area')).toHaveCount(1);
    // One label per marker or per group of nearby markers ("1 & best, epoch 20").
    await expect(loss.locator('text.marker-label', { hasText: /^(.* & )?1( &|,|$)/ })).toHaveCount(1);
    await expect(loss.locator('text.marker-label', { hasText: 'best' })).toHaveCount(1);
    await expect(loss.getByRole('list', { name: 'Loss chart legend' })).toContainText('penalty (L1/L2 term)');

    // Diagnosis: a verdict (not "too early") on its row, and the rule with live numbers. An
    // off-screen panel does no work, so it is scrolled into view first.
    await diagnosis.scrollIntoViewIfNeeded();
    await expect(diagnosis.locator('.verdict-name')).not.toHaveText('too early to tell');
    await expect(diagnosis.locator('.verdict-numbers')).toContainText(/^Epoch \d+: accuracy/);
    // The rules sit behind "why?".
    await diagnosis.locator('summary', { hasText: 'why?' }).click();
    await expect(diagnosis.locator('tr[aria-current="true"]')).toHaveCount(1);
    await expect(diagnosis.getByRole('group', { name: /^Rule for / })).toContainText('Now:');
    await diagnosis.getByRole('button', { name: 'Overfitting' }).hover();
    await expect(diagnosis.getByRole('group', { name: 'Rule for overfitting' })).toContainText('Overfitting (b)');

    // Boundary: drawn, and hover reads the prediction.
    await boundary.scrollIntoViewIfNeeded();
    await expect.poll(() => canvasColours(canvas)).toBeGreaterThan(10);
    await canvas.hover({ position: { x: 40, y: 40 } });
    await expect(boundary.locator('.readout')).toContainText(/predicts class [01]/);
    expect(await canvas.getAttribute('aria-label')).toMatch(/The network predicts class 0 on \d+%, class 1 on \d+% of the plane/);

    await screenshotRegions(page, ['Loss and accuracy', 'Diagnosis', 'Decision boundary'], '1280x800');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotRegions(page, ['Loss and accuracy', 'Diagnosis', 'Decision boundary'], '390');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshotRegions(page, ['Loss and accuracy', 'Diagnosis'], 'dark');
    expect(problems).toEqual([]);
  });

  test('regression: the fitted curve over the points and R² in the diagnosis', async ({ page }) => {
    const problems = collectProblems(page);
    await page.goto('./');
    await waitForReady(page);
    await openSettings(page);
    await page.getByLabel('Dataset', { exact: true }).selectOption({ label: '1D curve (regression)' });
    await closeSettings(page);
    const curve = page.getByRole('region', { name: 'Fitted curve', exact: true });
    await expect(curve).toBeVisible();
    await waitForReady(page);
    await playToEpoch(page, 30);
    await expect.poll(() => canvasColours(curve.getByRole('img'))).toBeGreaterThan(3);
    const diagnosis = page.getByRole('region', { name: 'Diagnosis', exact: true });
    await diagnosis.locator('summary', { hasText: 'why?' }).click();
    await expect(diagnosis.getByText(/^R² -?\d\.\d\d$/).first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Loss and accuracy', exact: true }).getByText('RMSE (root mean squared error)')).toBeVisible();
    await screenshotRegions(page, ['Fitted curve'], '1280x800');
    expect(problems).toEqual([]);
  });

  test('digits: sample predictions marked, the confusion matrix and the first layer as images', async ({ page }) => {
    const problems = collectProblems(page);
    await page.goto('./');
    await waitForReady(page);
    await openSettings(page);
    await page.getByLabel('Dataset', { exact: true }).selectOption({ label: 'Handwritten digits (MNIST)' });
    await closeSettings(page);
    const digits = page.getByRole('region', { name: 'Digits', exact: true });
    await expect(digits).toBeVisible({ timeout: 30_000 });
    await waitForReady(page);
    await playToEpoch(page, 2);
    await digits.scrollIntoViewIfNeeded();
    const samples = digits.locator('li.sample');
    await expect(samples).toHaveCount(24);
    // Each sample says right or wrong in words and marks.
    await expect(samples.first()).toHaveAttribute('aria-label', /^digit \d, predicted \d: (right|wrong)$/);
    await expect(samples.first()).toHaveText(/^(✓ \d|✗ \d \(\d\))$/);
    await expect.poll(() => samples.locator('canvas').first().evaluate((element) => (element as HTMLCanvasElement).width)).toBe(14);
    await expect(digits.getByRole('table').getByRole('cell')).toHaveCount(100);
    await expect(digits.getByText(/^Confusion matrix \(validation\): \d+\.\d% right$/)).toBeVisible();
    const filters = digits.getByRole('img', { name: /^First-layer units: / });
    await expect.poll(() => canvasColours(filters)).toBeGreaterThan(10);
    await filters.hover({ position: { x: 20, y: 20 } });
    await expect(digits.locator('.readout')).toContainText(/^unit 1: \d+\.\d% of its weights below 0\.001/);
    await screenshotRegions(page, ['Digits'], '1280x800');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotRegions(page, ['Digits'], '390');
    expect(problems).toEqual([]);
  });
});
