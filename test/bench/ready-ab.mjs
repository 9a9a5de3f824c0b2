// Time to ready, side by side (`node test/bench/ready-ab.mjs DIR_A DIR_B [--loads N] [--query Q]`):
// serves two builds at once with `vite preview`, and loads them alternately (A, B, A, B, ...) in
// fresh 1280x800 pages of one headless Chromium, N times each (default 15). On a shared machine
// absolute times drift with the load, so only a same-run comparison says whether a change helped.
//
// "Ready" is the browser probe's (browser-probe.mjs, firstScreenPhase): Play enabled and the
// boundary canvas showing more than one colour. It is checked inside the page on every animation
// frame, so the time is the frame's, not the test driver's round trip. Also reported per load:
// DOMContentLoaded, first contentful paint, and when the worker's 'ready' and first 'snapshot'
// events reached the page.
//
// Prints a JSON report on stdout: each side's loads, medians, and the ratio of B's median to A's.
import { chromium } from 'playwright-core';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { CHROMIUM_ARGS } from './browser/chromium-args.mjs';
import { serve } from './browser/server.mjs';
import { percentile } from './browser/stats.mjs';
import { firstScreenReady } from './browser/page-probes.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const [dirA, dirB] = process.argv.slice(2).filter((argument, index, all) => !argument.startsWith('--') && !all[index - 1]?.startsWith('--'));
if (!dirA || !dirB) {
  process.stderr.write('Usage: node test/bench/ready-ab.mjs DIR_A DIR_B [--loads N] [--query Q]\n');
  process.exit(2);
}
const loads = Number(option('loads', 15));
const query = option('query', '');
const log = (message) => process.stderr.write(`[ready-ab] ${message}\n`);

/** Runs in the page before its scripts: marks milestones, and the first frame that is ready. */
function installReadyWatch() {
  const marks = {};
  window.__readyMarks = marks;
  const mark = (name) => {
    if (!(name in marks)) marks[name] = performance.now();
  };
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      mark('workerCreated');
      this.addEventListener('message', (event) => {
        const type = event.data?.type;
        if (type === 'ready' || type === 'snapshot') mark(`worker-${type}`);
      });
    }
  };
  const poll = () => {
    // firstScreenReady, installed by the init script before this one (loadOnce).
    if (window.__firstScreenReady()) mark('ready');
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function loadOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: `window.__firstScreenReady = ${firstScreenReady.toString()};` });
  await context.addInitScript(installReadyWatch);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => 'ready' in window.__readyMarks, null, { timeout: 30_000 });
  const figures = await page.evaluate(() => {
    const start = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const marks = Object.fromEntries(Object.entries(window.__readyMarks).map(([name, time]) => [name, Math.round(time - start.startTime)]));
    return { ...marks, dcl: Math.round(start.domContentLoadedEventEnd - start.startTime), fcp: fcp ? Math.round(fcp.startTime) : null };
  });
  await context.close();
  return figures;
}

function summary(runs) {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run)))];
  return Object.fromEntries(
    keys.map((key) => {
      const values = runs.map((run) => run[key]).filter((value) => typeof value === 'number');
      return [key, { median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values) }];
    }),
  );
}

const servers = [await serve(dirA), await serve(dirB)];
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const runs = [[], []];
try {
  // One unmeasured load of each first: the server's and the browser's own first-use costs.
  for (const server of servers) await loadOnce(browser, server.url + query);
  for (let index = 0; index < loads; index++) {
    for (const side of index % 2 === 0 ? [0, 1] : [1, 0]) {
      const figures = await loadOnce(browser, servers[side].url + query);
      runs[side].push(figures);
      log(`${side === 0 ? 'A' : 'B'} ${index + 1}/${loads}: ready ${figures.ready} ms`);
    }
  }
} finally {
  await browser.close();
  for (const server of servers) server.stop();
}
const [a, b] = runs.map(summary);
const report = {
  loads,
  query,
  A: { dir: dirA, ...a, ready: a.ready, loads: runs[0] },
  B: { dir: dirB, ...b, ready: b.ready, loads: runs[1] },
  readyRatio: Math.round((b.ready.median / a.ready.median) * 100) / 100,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
log(`ready, median (min-max): A ${a.ready.median} (${a.ready.min}-${a.ready.max}) ms, B ${b.ready.median} (${b.ready.min}-${b.ready.max}) ms, B/A ${report.readyRatio}`);
