import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openTab, playToEpoch, waitForReady } from './helpers';

/** Chromium allows a page ten downloads before it asks the user; the test opens a fresh page per batch. */
const DOWNLOADS_PER_PAGE = 8;

async function trainedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('./?seed=8&do=1&bn=1');
  await waitForReady(page);
  await playToEpoch(page, 4);
  await expect.poll(() => page.getByRole('button', { name: /^Save PNG of / }).count()).toBeGreaterThanOrEqual(3);
  return page;
}

/** The inspector tabs whose views have a "Save PNG" (the first screen's panels have theirs too). */
const TABS = ['Diagnosis', 'Masks', 'Weights', 'Gradients', 'Batch norm', 'Data'];

/** Every "Save PNG" button's name, with the tab that shows it (null: on the first screen). */
async function pngButtons(page: Page): Promise<[string, string | null][]> {
  const names = async () => page.getByRole('button', { name: /^Save PNG of / }).evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
  const found = new Map<string, string | null>();
  for (const tab of TABS) {
    await openTab(page, tab);
    await expect.poll(async () => (await names()).length).toBeGreaterThanOrEqual(4);
    for (const name of await names()) if (!found.has(name)) found.set(name, found.size < 3 ? null : tab);
  }
  return [...found.entries()];
}

test('every panel exports a non-blank PNG', async ({ context }) => {
  let page = await trainedPage(context);
  const buttons = await pngButtons(page);
  expect(buttons.length).toBeGreaterThanOrEqual(9);
  for (const [index, [name, tab]] of buttons.entries()) {
    if (index > 0 && index % DOWNLOADS_PER_PAGE === 0) {
      await page.close();
      page = await trainedPage(context);
    }
    if (tab) await openTab(page, tab);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(1, 4).toString('ascii'), name).toBe('PNG');
    const colours = await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      for (let index = 0; index < pixels.length && seen.size < 50; index += 4 * 13) seen.add((pixels[index] << 16) | (pixels[index + 1] << 8) | pixels[index + 2]);
      return { width: image.width, height: image.height, distinct: seen.size };
    }, bytes.toString('base64'));
    expect(colours.width, name).toBeGreaterThan(200);
    expect(colours.height, name).toBeGreaterThan(100);
    expect(colours.distinct, name).toBeGreaterThan(5);
  }
});
