import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget for the JavaScript index.html loads before anything else (scripts and module preloads). */
const INITIAL_JS_BUDGET_BYTES = 230 * 1000;

test('initial JavaScript stays within its gzip budget (the worker, digits and rarely used views load lazily)', () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const referenced = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((match) => match[1]);
  expect(referenced.length).toBeGreaterThan(0);
  let total = 0;
  const sizes: Record<string, number> = {};
  for (const file of referenced) {
    const gzipped = gzipSync(readFileSync(join('dist', file.replace(/^\.?\//, '')))).length;
    sizes[file] = gzipped;
    total += gzipped;
  }
  console.log(`initial JS: ${(total / 1000).toFixed(1)} kB gzip`, sizes);
  expect(total).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  expect(html).not.toMatch(/digits-\d+\.bin/);
});
