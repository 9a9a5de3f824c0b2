// "Check on 10 seeds" benchmark (`npm run bench:seeds`), a sibling of the browser probe: builds the
// app (or reuses a build), serves it, opens each lesson's link in headless Chromium, presses
// "Check on 10 seeds" and measures the time until the summary appears and the page's frame rate
// and long tasks meanwhile. Targets (issue "Lessons that tell the truth"): at most 2 minutes on 2
// cores, the page at 50 fps or more. Prints one JSON report on stdout and a table on stderr.
//
// Options: --lessons id,id (default: every lesson), --dist DIR, --no-build.
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { CHROMIUM_ARGS } from './browser/chromium-args.mjs';
import { build, hasBuild, serve } from './browser/server.mjs';
import { frameRate, round } from './browser/stats.mjs';
import { machine } from './browser/machine.mjs';
import { installProbeGlobals, longTasksSince, startFrames, stopFrames } from './browser/page-probes.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const LESSONS = option('lessons', 'generalization,fitting,l1-l2,dropout,early-stopping,gradients,batch-norm,best-practices').split(',');
const DIST = option('dist', 'dist');
const FPS_BUDGET = 50;
const SECONDS_BUDGET = 120;

async function checkLesson(browser, url, lessonId) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(installProbeGlobals);
  await page.goto(`${url}?lesson=${lessonId}`);
  await page.locator('.status-line').first().filter({ hasText: 'Epoch 0' }).waitFor({ timeout: 120_000 });
  const group = page.getByRole('group', { name: 'Check on 10 seeds' });
  const since = await page.evaluate(startFrames);
  const started = Date.now();
  await group.getByRole('button', { name: 'Check on 10 seeds' }).click();
  const result = group.getByRole('status', { name: 'Seed check result' });
  await result.filter({ hasText: /^Held on|stopped/ }).waitFor({ timeout: 900_000 });
  const seconds = (Date.now() - started) / 1000;
  const frames = await page.evaluate(stopFrames);
  const longTasks = await page.evaluate(longTasksSince, since);
  const summary = (await result.textContent()) ?? '';
  await page.close();
  return {
    lesson: lessonId,
    seconds: round(seconds, 1),
    summary,
    frameRate: frameRate(frames.deltas),
    longTasks: { count: longTasks.length, longestMs: round(Math.max(0, ...longTasks.map((task) => task.duration))) },
  };
}

async function main() {
  if (!process.argv.includes('--no-build') || !hasBuild(DIST)) build(DIST);
  const server = await serve(DIST);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const lessons = [];
    for (const lessonId of LESSONS) {
      const entry = await checkLesson(browser, server.url, lessonId);
      lessons.push(entry);
      console.error(`${entry.lesson.padEnd(16)} ${String(entry.seconds).padStart(6)} s  fps ${entry.frameRate.medianFps} / ${entry.frameRate.p5Fps}  long tasks ${entry.longTasks.count}  ${entry.summary}`);
    }
    const report = {
      machine: machine(browser.version()),
      loadAverage: round(loadavg()[0], 1),
      lessons,
      budgets: lessons.map((entry) => ({ lesson: entry.lesson, seconds: entry.seconds, secondsPass: entry.seconds <= SECONDS_BUDGET, medianFps: entry.frameRate.medianFps, fpsPass: entry.frameRate.medianFps >= FPS_BUDGET })),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser.close();
    server.stop();
  }
}

await main();
