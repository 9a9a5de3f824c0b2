// `npm run screenshots`: the first screen at the sizes a class sees it (laptop 1280x800 and
// 1440x900, projector 1024x768 in projector mode, phone 390x844), light and dark, into
// screenshots/ (ignored by git), so anyone can look at the layout without a browser at hand.
// Needs a build (`npm run build`, which this script runs first unless --no-build). With --readme it
// only writes docs/first-screen.png (1280x800, light, trained; at 0.6 scale so it stays small).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from './find-chromium.mjs';
import { serve } from './preview-server.mjs';
import { CHROMIUM_ARGS } from '../test/bench/browser/chromium-args.mjs';

const README = process.argv.includes('--readme');
const SIZES = README ? [{ name: 'readme', width: 1280, height: 800, query: '', scale: 0.6 }] : [
  { name: 'laptop-1280x800', width: 1280, height: 800, query: '' },
  { name: 'laptop-1440x900', width: 1440, height: 900, query: '' },
  { name: 'projector-1024x768', width: 1024, height: 768, query: 'projector=1' },
  { name: 'phone-390x844', width: 390, height: 844, query: '', mobile: true },
];
/** Epochs trained before the "training" shots (the default experiment overfits by 300). */
const TRAINED_EPOCHS = 300;

const outDir = resolve('screenshots');
if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
mkdirSync(outDir, { recursive: true });
mkdirSync(resolve('docs'), { recursive: true });
const server = await serve(resolve('dist'));
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (const size of SIZES) {
    for (const theme of README ? ['light'] : ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale ?? 1, isMobile: size.mobile ?? false, hasTouch: size.mobile ?? false, colorScheme: theme });
      const page = await context.newPage();
      const query = [size.query, `theme=${theme}`].filter(Boolean).join('&');
      await page.goto(`${server.url}?${query}`);
      await page.getByRole('button', { name: 'Step', exact: true }).waitFor({ state: 'visible' });
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 10_000 }).catch(() => undefined);
      await page.screenshot({ path: `${outDir}/${size.name}-${theme}-start.png` });
      // Train the default experiment up to its overfitting epoch, then pause: the shot a teacher shows.
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await page.waitForFunction((epochs) => /Epoch (\d+)/.test(document.querySelector('.status-line')?.textContent ?? '') && Number(/Epoch (\d+)/.exec(document.querySelector('.status-line').textContent)[1]) >= epochs, TRAINED_EPOCHS, { timeout: 60_000 });
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.waitForTimeout(600);
      await page.screenshot({ path: README ? resolve('docs/first-screen.png') : `${outDir}/${size.name}-${theme}-trained.png` });
      await context.close();
      console.log(`${size.name} ${theme}: done`);
    }
  }
} finally {
  await browser.close();
  server.stop();
}
console.log(`Screenshots in ${outDir}`);
