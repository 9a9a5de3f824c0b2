import { expect, test, type Locator, type Page } from '@playwright/test';
import { canvasIsDrawn, openTab, playToEpoch, waitForReady } from './helpers';

const REGIONS = ['Network', 'Weight histograms', 'Gradient norms', 'Batch normalization statistics'] as const;
/** The inspector tab of each region (the network is on the first screen). */
const TAB_OF: Record<string, string | null> = { Network: null, 'Weight histograms': 'Weights', 'Gradient norms': 'Gradients', 'Batch normalization statistics': 'Batch norm' };

/** Unfolds a first-screen panel's "Legend" (or "More") disclosure. */
async function openLegend(region: Locator): Promise<void> {
  const details = region.locator('details.panel-more');
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await details.locator('summary').click();
}

/** Clicks Step `count` times, waiting for each minibatch to be reported (driven by state, not time). */
async function stepTimes(page: Page, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const before = Number(/step (\d+)/.exec((await page.locator('.status-line').first().textContent()) ?? '')?.[1] ?? -1);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(async () => Number(/step (\d+)/.exec((await page.locator('.status-line').first().textContent()) ?? '')?.[1] ?? -1)).toBe(before + 1);
  }
}

/** A cheap fingerprint of a canvas's pixels. */
async function canvasHash(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0) return 'blank';
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let index = 0; index < pixels.length; index += 4) hash = (hash * 31 + pixels[index] * 7 + pixels[index + 1] * 3 + pixels[index + 2]) | 0;
    return `${canvas.width}x${canvas.height}:${hash}`;
  });
}

/** Whether the canvas matched by `locator` has more than one colour. */
async function drawn(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0) return false;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let index = 4; index < pixels.length; index += 4) {
      if (pixels[index] !== pixels[0] || pixels[index + 1] !== pixels[1] || pixels[index + 2] !== pixels[2]) return true;
    }
    return false;
  });
}

async function screenshotRegions(page: Page, suffix: string): Promise<void> {
  // The sticky header would cover the top of a tall region in an element screenshot.
  const unstick = await page.addStyleTag({ content: '.app-header { position: static !important; }' });
  for (const name of REGIONS) {
    if (TAB_OF[name]) await openTab(page, TAB_OF[name]);
    const region = page.getByRole('region', { name, exact: true });
    await region.scrollIntoViewIfNeeded();
    // Canvases draw on the next frame once on screen.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await region.screenshot({ path: `test/e2e/output/panel-${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${suffix}.png` });
  }
  await unstick.evaluate((element) => (element as Element).remove());
}

test.describe('Network, Weight histograms, Gradient norms and Batch normalization statistics', () => {
  test('each region is found by name and draws; Batch normalization and Dropout switches change them', async ({ page }) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto('./?seed=7');
    await waitForReady(page);
    await stepTimes(page, 3);

    const network = page.getByRole('region', { name: 'Network', exact: true });
    const weights = page.getByRole('region', { name: 'Weight histograms', exact: true });
    const gradients = page.getByRole('region', { name: 'Gradient norms', exact: true });
    const batchNorm = page.getByRole('region', { name: 'Batch normalization statistics', exact: true });

    // Network: columns with named inputs, "+16 more" for the 32-unit layers, a drawn canvas.
    const picture = network.locator('canvas.net-canvas');
    await expect(picture).toHaveAttribute('aria-label', /^Network: inputs \(2 units: x, y\) → dense 1 \(32 units\) → dense 2 \(32 units\) → output/);
    // The first screen draws 8 units a column.
    await expect(network.getByText('+24 more').first()).toBeVisible();
    await network.scrollIntoViewIfNeeded();
    await expect.poll(() => drawn(picture)).toBe(true);
    await expect(network.getByRole('group', { name: /batch-normalized/ })).toHaveCount(0);

    // Hover a hidden unit: its values and its activation over the plane.
    await network.getByRole('button', { name: 'dense 1, unit 1', exact: true }).hover();
    await expect(network.locator('.net-readout')).toContainText(/^dense 1, unit 1 · bias/);
    await expect(network.getByRole('img', { name: /^Activation of dense 1, unit 1 over the plane/ })).toBeVisible();
    await expect.poll(() => drawn(network.locator('canvas.net-heatmap'))).toBe(true);
    // The keyboard reaches the same units.
    await network.getByRole('button', { name: 'dense 1, unit 1', exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(network.getByRole('button', { name: 'dense 1, unit 2', exact: true })).toBeFocused();
    await page.mouse.move(0, 0);

    // Weight histograms: a ridgeline per trainable layer, with the engine's figures.
    await openTab(page, 'Weights');
    await weights.scrollIntoViewIfNeeded();
    await expect(weights.locator('figure')).toHaveCount(3);
    await expect(weights.getByRole('img', { name: /^dense 1: \d+\.\d% of weights below 1e-3/ })).toBeVisible();
    await expect.poll(() => drawn(weights.locator('canvas.wh-canvas').first())).toBe(true);

    // Batch normalization off: an explanation, no canvases.
    await openTab(page, 'Batch norm');
    await expect(batchNorm).toContainText('Batch normalization is off.');
    await expect(batchNorm.locator('canvas')).toHaveCount(0);

    // Switch batch normalization on: the BN panel lists both layers, the network marks them.
    const networkBefore = await canvasHash(picture);
    await page.getByRole('switch', { name: 'Batch normalization', exact: true }).click();
    await stepTimes(page, 1);
    await expect(batchNorm.locator('figure')).toHaveCount(2);
    await expect(batchNorm.getByText('batch norm 1', { exact: true })).toBeVisible();
    await expect(batchNorm.getByText('batch norm 2', { exact: true })).toBeVisible();
    await batchNorm.scrollIntoViewIfNeeded();
    await expect.poll(() => drawn(batchNorm.locator('canvas.bn-canvas').first())).toBe(true);
    await expect(network.getByRole('group', { name: 'dense 1: 32 units, batch-normalized' })).toBeAttached();
    await expect(picture).toHaveAttribute('aria-label', /dense 1 \(32 units; batch norm\)/);
    await network.scrollIntoViewIfNeeded();
    await expect.poll(() => canvasHash(picture)).not.toBe(networkBefore);

    // Switch dropout on: the network crosses out units for the shown example.
    const withoutDropout = await canvasHash(picture);
    await page.getByRole('switch', { name: 'Dropout', exact: true }).click();
    await stepTimes(page, 1);
    await expect(picture).toHaveAttribute('aria-label', /dense 1: \d+ of 32 units dropped for the shown example/, { timeout: 5000 });
    await openLegend(network);
    await expect(network.getByText(/dropped for training example 1 of the current minibatch/)).toBeVisible();
    await expect.poll(() => canvasHash(picture)).not.toBe(withoutDropout);
    // Dropout feeds the second batch-norm layer: the panel says so.
    await expect(batchNorm).toContainText('variance shift');

    // Gradient norms over a few epochs: one line per layer, the table, no warnings for this healthy net.
    await playToEpoch(page, 3);
    await openTab(page, 'Gradients');
    await gradients.scrollIntoViewIfNeeded();
    await expect(gradients.locator('.recharts-line')).toHaveCount(3);
    await expect(gradients.getByRole('row')).toHaveCount(4);
    await expect(gradients.getByRole('img', { name: /^Gradient norm per layer over \d+ epochs, log scale/ })).toBeVisible();

    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshotRegions(page, '1280x800');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotRegions(page, '390');
    // At phone width the network still fits its column.
    const box = await picture.boundingBox();
    expect(box?.width ?? 0).toBeLessThanOrEqual(390);
    expect(await canvasIsDrawn(page, 'canvas.net-canvas')).toBe(true);
    expect(problems).toEqual([]);
  });

  test('dark theme: the canvases follow it', async ({ page }) => {
    await page.goto('./?seed=7&theme=dark&bn=1&do=1');
    await waitForReady(page);
    await stepTimes(page, 2);
    const network = page.getByRole('region', { name: 'Network', exact: true });
    await network.scrollIntoViewIfNeeded();
    const picture = network.locator('canvas.net-canvas');
    await expect.poll(() => drawn(picture)).toBe(true);
    // The background is the dark surface, not white.
    const corner = await picture.evaluate((element) => Array.from((element as HTMLCanvasElement).getContext('2d')!.getImageData(1, 1, 1, 1).data.slice(0, 3)));
    expect(Math.max(...corner)).toBeLessThan(60);
    await playToEpoch(page, 3);
    await screenshotRegions(page, 'dark');
  });

  test('reduced motion: the network shows each unit’s keep rate instead of the changing mask', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./?seed=7&do=1');
    await waitForReady(page);
    await stepTimes(page, 3);
    const network = page.getByRole('region', { name: 'Network', exact: true });
    const picture = network.locator('canvas.net-canvas');
    await expect(picture).toHaveAttribute('aria-label', /dense 1: mean keep rate 0\.\d\d\./);
    await openLegend(network);
    await expect(network.getByText('unit filled to its keep rate (reduced motion)')).toBeVisible();
    await network.scrollIntoViewIfNeeded();
    await expect.poll(() => drawn(picture)).toBe(true);
    await page.addStyleTag({ content: '.app-header { position: static !important; }' });
    await network.screenshot({ path: 'test/e2e/output/panel-network-reduced-motion.png' });
  });

  test('L1 piles weights up at zero: the spike and the sparsity figure grow', async ({ page }) => {
    const weights = page.getByRole('region', { name: 'Weight histograms', exact: true });
    // Many features, few matter: proximal L1 with plain SGD zeroes the useless weights exactly.
    await page.goto('./?seed=7&data=features&opt=sgd&lr=0.1&l1=1&l1s=0.005&l1p=1');
    await waitForReady(page);
    await playToEpoch(page, 30);
    await openTab(page, 'Weights');
    await weights.scrollIntoViewIfNeeded();
    const sparsity = () => weights.locator('[data-figure="sparsity"]').evaluateAll((figures) => figures.map((figure) => Number(/([\d.]+)%/.exec(figure.textContent ?? '')?.[1])));
    expect(await sparsity()).toHaveLength(3);
    await expect.poll(async () => Math.max(...(await sparsity()))).toBeGreaterThan(20);
    await expect(weights.getByRole('img', { name: /^dense 1: [\d.]+% of weights below 1e-3/ })).toBeVisible();
    await page.addStyleTag({ content: '.app-header { position: static !important; }' });
    await weights.screenshot({ path: 'test/e2e/output/panel-weight-histograms-l1.png' });
    await page.getByRole('region', { name: 'Network', exact: true }).screenshot({ path: 'test/e2e/output/panel-network-l1-features.png' });
  });

  test('L2 shrinks the weights: the hidden layers end with smaller norms than they started with', async ({ page }) => {
    const weights = page.getByRole('region', { name: 'Weight histograms', exact: true });
    await page.goto('./?seed=7&l2=1&l2s=0.003');
    await waitForReady(page);
    await openTab(page, 'Weights');
    // The panel holds the run's start (step 0) as its reference before training begins.
    await expect(weights.getByRole('list', { name: 'Legend' })).toContainText('start of training (dashed)');
    await expect(weights.locator('figcaption').first()).toContainText('(step 0: ');
    await playToEpoch(page, 15);
    await weights.scrollIntoViewIfNeeded();
    const hiddenRatios = () =>
      weights.locator('figcaption').evaluateAll((captions) =>
        captions.slice(0, 2).map((caption) => {
          const number = (text: string | null | undefined) => Number((text ?? '').replace('−', '-'));
          const l2 = caption.querySelector('[data-figure="l2"]');
          return number(l2?.textContent) / number(/step \d+: ([^)]+)\)/.exec(l2?.nextElementSibling?.textContent ?? '')?.[1]);
        }),
      );
    // The figures follow training at most twice a second: wait for them, not for a clock.
    // The small output layer may still grow while it learns the task, so only the hidden ones count.
    await expect.poll(async () => Math.max(...(await hiddenRatios()))).toBeLessThan(0.8);
    await page.addStyleTag({ content: '.app-header { position: static !important; }' });
    await weights.screenshot({ path: 'test/e2e/output/panel-weight-histograms-l2.png' });
  });
});
