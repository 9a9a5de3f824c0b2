import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { playToEpoch, waitForReady } from './helpers';

test('every panel exports a non-blank PNG', async ({ page }) => {
  await page.goto('./?seed=8&do=1&bn=1');
  await waitForReady(page);
  await playToEpoch(page, 4);
  const buttons = page.getByRole('button', { name: /^Save PNG of / });
  await expect.poll(() => buttons.count()).toBeGreaterThanOrEqual(8);
  const names = await buttons.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
  for (const name of names) {
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
