import { expect, test, type Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { DEFAULT_STEPS_PER_EPOCH } from '../../src/state/defaultExperiment';
import { closeSettings, openSettings, openTab, playToEpoch, waitForReady } from './helpers';

/** Visible elements whose right edge passes the viewport's (a page that scrolls or cuts sideways). */
async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        if (!(box.width > 0 && box.right > window.innerWidth + 1) || element.closest('.visually-hidden') || getComputedStyle(element).visibility === 'hidden') return false;
        // Inside a row that scrolls sideways (the projector's tabs) and itself fits: clipped, reached by scrolling.
        for (let parent = element.parentElement; parent; parent = parent.parentElement) {
          const overflowX = getComputedStyle(parent).overflowX;
          if ((overflowX === 'auto' || overflowX === 'scroll') && parent.scrollWidth > parent.clientWidth && parent.getBoundingClientRect().right <= window.innerWidth + 1) return false;
        }
        return true;
      })
      .map((element) => `${element.tagName.toLowerCase()}.${String(element.className)}`),
  );
}

/** An element's box, asserted present. */
async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, selector).not.toBeNull();
  return box!;
}

for (const [width, height] of [
  [1024, 768],
  [1280, 800],
] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`projector mode at ${width}x${height} (${theme}): nothing overflows, the live figures show, the first screen fits, type is 20 px`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto(`./?projector=1&theme=${theme}`);
      await waitForReady(page);
      await playToEpoch(page, 30);
      await expect(page.getByRole('switch', { name: 'Projector mode' })).toBeChecked();
      await expect(page.locator('.recharts-line-curve').first()).toBeVisible();
      // Charts measure their box a frame after they first draw (recharts ResponsiveContainer): wait for that.
      await expect.poll(() => overflowingElements(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // The status line: visible, one of the header's rows, its figures whole.
      const status = page.getByRole('status', { name: 'Run status' });
      await expect(status).toBeVisible();
      await expect(status).toHaveText(/^Epoch \d+ · step \d+ · training loss [\d.]+ · validation loss [\d.]+ · validation accuracy [\d.]+% · paused$/);
      const statusBox = await boxOf(page, '.status-line');
      expect(statusBox.width).toBeGreaterThan(width * 0.6);
      expect(statusBox.x + statusBox.width).toBeLessThanOrEqual(width);
      // Header, switches, boundary and loss chart inside the first viewport.
      for (const selector of ['.app-header', '.technique-switches', '.slot-picture .boundary-canvas', '.slot-loss .recharts-surface']) {
        const box = await boxOf(page, selector);
        expect(box.y, selector).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, selector).toBeLessThanOrEqual(width + 1);
        if (selector !== '.technique-switches') expect(box.y + box.height, selector).toBeLessThanOrEqual(height);
      }
      for (const name of ['L2', 'Dropout', 'L1', 'Batch normalization', 'Early stopping']) await expect(page.getByRole('switch', { name, exact: true })).toBeInViewport();
      expect((await boxOf(page, '.slot-picture .boundary-canvas')).height).toBeGreaterThanOrEqual(250);
      // The loss chart's legends and the whole network picture inside their slots (nothing clipped).
      for (const [slot, part] of [
        ['.slot-loss', '.legend'],
        ['.slot-network', '.net-stage'],
      ]) {
        const inner = await page.locator(`${slot} ${part}`).evaluateAll((elements) => Math.max(...elements.map((element) => element.getBoundingClientRect().bottom)));
        expect(inner, `${slot} ${part}`).toBeLessThanOrEqual((await boxOf(page, slot)).y + (await boxOf(page, slot)).height + 0.5);
      }
      // Readable from the back: axis ticks, chart titles, legends and the status line at 20 px or more; lines 4 px.
      const sizes = await page.evaluate(() => {
        const size = (selector: string) => [...document.querySelectorAll(selector)].filter((element) => element.getBoundingClientRect().width > 0).map((element) => parseFloat(getComputedStyle(element).fontSize));
        return {
          ticks: size('.slot-loss .recharts-cartesian-axis-tick-value'),
          titles: size('.slot-loss .chart-title'),
          status: size('.status-line'),
          switches: size('.technique .setting-label'),
          stroke: [...document.querySelectorAll('.slot-loss .recharts-line-curve')].map((element) => parseFloat(getComputedStyle(element).strokeWidth)),
        };
      });
      expect(sizes.ticks.length).toBeGreaterThan(4);
      for (const [what, values] of Object.entries(sizes)) {
        expect(values.length, what).toBeGreaterThan(0);
        expect(Math.min(...values), what).toBeGreaterThanOrEqual(what === 'stroke' ? 4 : 20);
      }
    });
  }
}

for (const [width, height, projector] of [
  [1280, 800, false],
  [1024, 768, false],
  [1280, 800, true],
  [1024, 768, true],
] as const) {
  test(`full screen at ${width}x${height}${projector ? ' in projector mode' : ''}: the boundary fills the height, run controls and switches stay usable, Esc returns`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto(projector ? './?projector=1' : './');
    await waitForReady(page);
    await playToEpoch(page, 5);
    const grid = await boxOf(page, '.slot-picture .boundary-canvas');
    await page.getByRole('button', { name: 'Full screen Decision boundary' }).click();
    await expect(page.getByRole('button', { name: 'Exit full screen Decision boundary' })).toBeVisible();
    const shorter = Math.min(width, height);
    await expect.poll(async () => (await boxOf(page, '.boundary-canvas')).height).toBeGreaterThanOrEqual(0.8 * shorter);
    const full = await boxOf(page, '.boundary-canvas');
    expect(full.width).toBeCloseTo(full.height, 0);
    expect(full.y + full.height).toBeLessThanOrEqual(height);
    expect(full.x + full.width).toBeLessThanOrEqual(width);
    // Drawn again at its new size (not a small picture stretched).
    expect(await page.locator('.boundary-canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).width)).toBeGreaterThanOrEqual(full.width * 0.95);
    expect(grid.height).toBeLessThan(full.height);
    await expect.poll(() => overflowingElements(page)).toEqual([]);
    // The run controls and the switches are at hand (whole, under their full names) and work.
    for (const name of ['L2', 'Dropout', 'L1', 'Batch normalization', 'Early stopping']) await expect(page.getByRole('switch', { name, exact: true })).toBeInViewport();
    const switchesColumn = await boxOf(page, '.technique-switches');
    expect(await page.locator('.technique-switches').evaluate((column) => column.scrollWidth <= column.clientWidth)).toBe(true);
    expect(switchesColumn.x + switchesColumn.width).toBeLessThanOrEqual(full.x);
    await page.getByRole('switch', { name: 'L2', exact: true }).click();
    await expect(page.getByRole('switch', { name: 'L2', exact: true })).toBeChecked();
    const step = page.getByRole('button', { name: 'Step', exact: true });
    await expect(step).toBeInViewport();
    const before = await page.getByRole('status', { name: 'Run status' }).textContent();
    await step.click();
    await expect(page.getByRole('status', { name: 'Run status' })).not.toHaveText(before ?? '');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'Full screen Decision boundary' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Loss and accuracy' })).toBeVisible();
    expect((await boxOf(page, '.slot-picture .boundary-canvas')).height).toBeCloseTo(grid.height, 0);
  });
}

for (const [width, height, query] of [
  [1280, 800, ''],
  [1024, 768, '?projector=1'],
  [390, 844, ''],
] as const) {
  for (const [panel, flexible, tab] of [
    ['Loss and accuracy', '.chart-box', null],
    ['Network', '.net-stage', null],
    ...(width === 1280 ? ([['Gradient norms', '.chart-box', 'Gradients']] as const) : []),
  ] as const) {
    test(`full screen ${panel} at ${width}x${height}${query ? ' in projector mode' : ''}: the picture grows until the panel is full, legends included, no scrolling`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto(`./${query}`);
      await waitForReady(page);
      await playToEpoch(page, 5);
      if (tab) await page.getByRole('tab', { name: tab }).click();
      const region = page.getByRole('region', { name: panel, exact: true }).first();
      const before = (await region.locator(flexible).first().boundingBox())!.height;
      await page.getByRole('button', { name: `Full screen ${panel}` }).first().click();
      const maximized = page.locator('.panel-maximized');
      await expect(maximized).toHaveAttribute('aria-label', panel);
      // Measured, not guessed: the free space under the panel's content shrinks to a few pixels.
      const fit = () =>
        maximized.evaluate((section) => {
          const boxes = [...section.children].map((child) => child.getBoundingClientRect());
          const style = getComputedStyle(section);
          const inner = section.getBoundingClientRect().bottom - parseFloat(style.paddingBottom) - parseFloat(style.borderBottomWidth);
          return { free: inner - Math.max(...boxes.map((box) => box.bottom)), scrolls: section.scrollHeight > section.clientHeight + 1 };
        });
      await expect.poll(async () => (await fit()).free).toBeLessThanOrEqual(0.06 * height);
      expect((await fit()).scrolls).toBe(false);
      expect((await fit()).free).toBeGreaterThanOrEqual(0);
      expect((await maximized.locator(flexible).first().boundingBox())!.height).toBeGreaterThan(before);
      if (panel === 'Loss and accuracy') await expect(maximized.getByRole('list', { name: 'Loss chart legend' })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.keyboard.press('Escape');
      await expect(page.locator('.panel-maximized')).toHaveCount(0);
    });
  }
}

test('projector mode at 1024x768 with a lesson: the tabs keep to one row, the open tab in view; the lesson fills the screen with the switches at hand', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('./?projector=1&lesson=generalization');
  await waitForReady(page);
  const tablist = page.getByRole('tablist', { name: 'Views' });
  const lessonTab = page.getByRole('tab', { name: 'Lesson' });
  await expect(lessonTab).toHaveAttribute('aria-selected', 'true');
  // One row: the tab list is hardly taller than a tab (three rows covered the lesson before).
  const row = (await tablist.boundingBox())!;
  expect(row.height).toBeLessThanOrEqual(1.6 * (await lessonTab.boundingBox())!.height);
  await lessonTab.focus();
  await page.keyboard.press('End');
  const exportTab = page.getByRole('tab', { name: 'Export' });
  await expect(exportTab).toHaveAttribute('aria-selected', 'true');
  await expect.poll(async () => { const box = (await exportTab.boundingBox())!; return box.x + box.width <= row.x + row.width + 1 && box.x >= row.x - 1; }).toBe(true);
  await page.keyboard.press('Home');
  await page.getByRole('tab', { name: 'Lesson' }).click();
  await page.getByRole('button', { name: 'Full screen Lesson' }).click();
  const lesson = page.locator('.panel-maximized');
  await expect(lesson).toHaveAttribute('aria-label', 'Lesson');
  await expect(lesson.getByRole('combobox', { name: 'Choose a lesson' })).toBeInViewport();
  await expect(lesson.getByRole('button', { name: 'Play to step 1,000' })).toBeInViewport();
  for (const name of ['L2', 'Dropout', 'L1', 'Batch normalization', 'Early stopping']) await expect(page.getByRole('switch', { name, exact: true })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await page.keyboard.press('Escape');
  await expect(page.locator('.panel-maximized')).toHaveCount(0);
});

/** The two runs' epochs from the status line while comparing ("Comparing · A epoch 12, … · B epoch 12, …"). */
async function compareEpochs(page: Page): Promise<[number, number]> {
  const text = (await page.getByRole('status', { name: 'Run status' }).textContent()) ?? '';
  const match = /A epoch (\d+).*B epoch (\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : [-1, -1];
}

test.describe('compare mode', () => {
  test('the header Play and the keyboard drive both runs, at the chosen pace', async ({ page }) => {
    await page.goto('./?compare=1&do=0&b.do=1');
    const comparison = page.getByRole('region', { name: 'Comparison' });
    await expect(comparison).toBeVisible();
    const status = page.getByRole('status', { name: 'Run status' });
    await expect(status).toHaveText(/^Comparing · A epoch 0 · B epoch 0 · idle$/);
    const play = page.getByRole('button', { name: 'Play', exact: true });
    await expect(play).toBeEnabled();
    // Pace: 10 steps a second, chosen once, for both runs.
    await openSettings(page);
    await page.getByLabel('Speed', { exact: true }).selectOption({ label: '10 steps a second' });
    await closeSettings(page);
    await play.click();
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
    await expect.poll(async () => Math.min(...(await compareEpochs(page)))).toBeGreaterThanOrEqual(1);
    const startedAt = Date.now();
    const [startA] = await compareEpochs(page);
    await expect.poll(async () => Math.min(...(await compareEpochs(page))), { timeout: 20_000 }).toBeGreaterThanOrEqual(startA + 3);
    const [endA] = await compareEpochs(page);
    // An upper bound only (a slow machine trains slower, never faster): at 10 steps a second and
    // DEFAULT_STEPS_PER_EPOCH steps an epoch, the runs cannot pass 1.5x the pace. Before, compare
    // ignored the pace and ran thousands of epochs a second.
    const stepsPerSecond = ((endA - startA) * DEFAULT_STEPS_PER_EPOCH) / ((Date.now() - startedAt) / 1000);
    expect(stepsPerSecond).toBeLessThanOrEqual(15);
    // Space pauses both; the hidden main run never trained.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    await expect(status).toHaveText(/· paused$/);
    const paused = await compareEpochs(page);
    // The header Reset brings both back to epoch 0.
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(status).toHaveText(/^Comparing · A epoch 0 · B epoch 0 · /);
    expect(paused[0]).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Close comparison' }).click();
    await waitForReady(page);
    await expect(page.getByRole('status', { name: 'Run status' })).toHaveText(/^Epoch 0 · step 0 · /);
  });

  test('a long compare run keeps points over its whole epoch range (no straight chords)', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('./?compare=1&do=0&b.do=1');
    await expect(page.getByRole('region', { name: 'Comparison' })).toBeVisible();
    await openSettings(page);
    await page.getByLabel('Speed', { exact: true }).selectOption({ label: 'As fast as possible' });
    await closeSettings(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    // Past the compare history's full-resolution tail and its 1,000 buckets: thinning is at work.
    await expect.poll(async () => Math.min(...(await compareEpochs(page))), { timeout: 90_000 }).toBeGreaterThanOrEqual(3000);
    await page.keyboard.press('Space');
    await expect(page.getByRole('status', { name: 'Run status' })).toHaveText(/· paused$/);
    // The page shows "paused" at once; both workers' own word on where they stopped follows.
    await expect(page.getByRole('status', { name: 'Run status' })).toHaveAttribute('data-settled', 'true');
    const [epochA, epochB] = await compareEpochs(page);
    // The view redraws at a bounded rate: wait until it has drawn the paused epochs.
    await expect(page.getByRole('region', { name: 'Comparison' })).toHaveAttribute('data-drawn-epochs', `${epochA},${epochB}`);
    const chart = page.getByRole('region', { name: 'Comparison' }).locator('.recharts-wrapper').first();
    // Run B (with dropout) trains slower: its lines end at its own epoch on the shared x axis.
    const lastEpochs = [epochA, epochA, epochB, epochB];
    const axisEnd = Math.max(epochA, epochB);
    const spread = await chart.evaluate((wrapper) => {
      const plot = wrapper.querySelector('.recharts-cartesian-grid')!.getBoundingClientRect();
      return [...wrapper.querySelectorAll('.recharts-line-curve')].map((path) => {
        const numbers = (path.getAttribute('d') ?? '').match(/-?\d+(\.\d+)?/g)!.map(Number);
        const xs = numbers.filter((_, index) => index % 2 === 0).sort((left, right) => left - right);
        const wrapperLeft = wrapper.getBoundingClientRect().left;
        let widestGap = 0;
        for (let index = 1; index < xs.length; index++) widestGap = Math.max(widestGap, xs[index] - xs[index - 1]);
        return { points: xs.length, first: xs[0] + wrapperLeft - plot.left, last: xs.at(-1)! + wrapperLeft - plot.left, widestGap, width: plot.width };
      });
    });
    expect(spread).toHaveLength(4);
    for (const [index, line] of spread.entries()) {
      expect(line.points).toBeGreaterThan(100);
      // From the first epoch to the run's last…
      expect(line.first).toBeLessThanOrEqual(line.width * 0.01);
      expect(line.last).toBeGreaterThanOrEqual(line.width * ((lastEpochs[index] - 1) / (axisEnd - 1)) - line.width * 0.01);
      // …with no chord across the range: no gap over 5x the mean spacing.
      expect(line.widestGap).toBeLessThanOrEqual((5 * line.width) / (line.points - 1));
    }
  });
});

test.describe('embed in a blog column', () => {
  test('at 800 px the boundary, the loss chart and two controls fit in 700 px; a single view takes the whole width', async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto('./embed-demo.html');
    const first = page.frameLocator('#widget-1');
    await expect(first.locator('.status-line')).toContainText('Epoch 0');
    await expect(first.getByRole('region', { name: 'Loss and accuracy' }).locator('.recharts-surface').first()).toBeVisible();
    await expect(first.getByRole('region', { name: 'Decision boundary' })).toBeVisible();
    const reported = async (id: string) => Number(await page.locator(id).getAttribute('data-reported-height'));
    await expect.poll(() => reported('#widget-1')).toBeGreaterThan(300);
    const frame = await boxOf(page, '#widget-1');
    expect(frame.width).toBeGreaterThanOrEqual(740);
    expect(await reported('#widget-1')).toBeLessThanOrEqual(700);
    expect(Math.abs(frame.height - (await reported('#widget-1')))).toBeLessThanOrEqual(2);
    // Boundary and loss chart side by side, both inside the frame.
    const boundary = await first.getByRole('region', { name: 'Decision boundary' }).boundingBox();
    const loss = await first.getByRole('region', { name: 'Loss and accuracy' }).boundingBox();
    expect(Math.abs(boundary!.y - loss!.y)).toBeLessThan(5);
    // The single-view widget: its panel spans the widget, and its height is its content's.
    const second = page.frameLocator('#widget-2');
    await expect(second.getByRole('region', { name: 'Dropout masks' })).toBeVisible();
    const masks = await second.getByRole('region', { name: 'Dropout masks' }).boundingBox();
    const secondFrame = await boxOf(page, '#widget-2');
    expect(masks!.width).toBeGreaterThanOrEqual(secondFrame.width - 30);
    await expect.poll(() => reported('#widget-2')).toBeLessThan(500);
  });

  test('at 390 px the widget is readable: nothing cut off, the picture full width', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('./embed-demo.html');
    const first = page.frameLocator('#widget-1');
    await expect(first.locator('.status-line')).toContainText('Epoch 0');
    await expect(first.getByRole('region', { name: 'Loss and accuracy' }).locator('.recharts-surface').first()).toBeVisible();
    const inside = page.frames().find((frame) => frame.url().includes('panels=loss,boundary'))!;
    const layout = await inside.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      width: window.innerWidth,
      canvas: document.querySelector('.boundary-canvas')!.getBoundingClientRect().width,
      smallestText: Math.min(...[...document.querySelectorAll('.status-line, .legend, .chart-title, .setting-label, .recharts-cartesian-axis-tick-value')].map((element) => parseFloat(getComputedStyle(element).fontSize))),
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    expect(layout.canvas).toBeGreaterThanOrEqual(layout.width * 0.8);
    expect(layout.smallestText).toBeGreaterThanOrEqual(12);
    await expect.poll(async () => Number(await page.locator('#widget-1').getAttribute('data-reported-height'))).toBeGreaterThan(600);
  });
});

test('Download all saves one zip with the panels as PNG and the run data', async ({ page }) => {
  await page.goto('./?seed=8');
  await waitForReady(page);
  await playToEpoch(page, 6);
  await openTab(page, 'Export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all (zip)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^playground-spirals-seed-8-step-\d+\.zip$/);
  const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const names = Object.keys(files);
  await expect(page.getByRole('status').filter({ hasText: 'in one zip' })).toHaveText(`Saved ${names.length} files in one zip.`);
  for (const expected of ['decision-boundary.png', 'loss-and-accuracy.png', 'network.png', 'playground-settings-spirals-seed-8.json', 'playground-metrics-spirals-seed-8.csv', 'playground-metrics-spirals-seed-8.json']) expect(names).toContain(expected);
  expect(names.some((name) => /^playground-replay-.*\.json$/.test(name))).toBe(true);
  for (const name of names.filter((entry) => entry.endsWith('.png'))) expect(strFromU8(files[name].subarray(1, 4)), name).toBe('PNG');
  const csv = strFromU8(files['playground-metrics-spirals-seed-8.csv']).trim().split('\n');
  expect(csv[0]).toContain('validation');
  expect(csv.length).toBeGreaterThanOrEqual(7);
  expect(JSON.parse(strFromU8(files['playground-settings-spirals-seed-8.json']))).toMatchObject({ settings: { seed: 8 } });
});
