// Browser performance probe (`npm run bench:browser`): builds the app (or reuses a build), serves
// it with `vite preview` on 127.0.0.1, opens headless Chromium at 1280x800 with every panel open,
// and prints one JSON report:
//   idle     the idle page's frame rate (the baseline);
//   training frame rate (median, 5th percentile) and long tasks (count, longest) while training at
//            full speed, the worker's throughput read from the status line, and the JS heap;
//   headless the same workload run headless in Node in this invocation, and the worker/headless ratio;
//   toggles  latency from a click on the "L2" switch to the first telemetry reflecting it (the run
//            log's new entry rendered by the loss panel), median and 95th percentile;
//   heap     the JS heap (after a forced GC, CDP HeapProfiler.collectGarbage) after 1 minute and
//            after --heap-minutes minutes of continuous training, sampled each minute, and the
//            growth between the first and the last sample; frame rate and long tasks over that span;
//   compare  compare mode (?compare=1&b.do=1&b.dor=0.5: two runs, each in its own worker, both
//            flat out): frame rate (median, p5), long tasks and each worker's epochs/s while both play;
//   silence  the longest gap between two messages of the training worker, as the page got them,
//            while it trains flat out on the digits (the longest evaluations: the validation set
//            after every epoch): the watchdog's bound (src/worker/silenceWatch.ts) is 10x or more;
//            the training and compare phases report the same figure for their workers; and the
//            time from a Pause click until the page shows "paused" (10 times; the watchdog wants
//            the worker's answer within a second);
//   budgets  each target with its measured value and pass/fail (also printed as a table on stderr,
//            so stdout stays pure JSON).
// Long tasks are also traced (Chromium "toplevel" trace): each task's wall time and thread CPU
// time, which tells a slow page from a busy machine.
//
// Options (flags or environment variables; "quick" is the default under --quick):
//   --quick                            a run of well under a minute (with --no-build): no long heap
//                                      phase and shorter phases; explicit flags still win
//   --heap-minutes N / PROBE_HEAP_MINUTES  minutes of continuous training for the heap figures,
//                                      counted from Play; >= 1, or 0 to skip (default 5; quick 0).
//                                      The full probe takes about N + 2 minutes.
//   --compare-seconds N / PROBE_COMPARE_SECONDS  compare-mode measurement length, 0 skips (default 20; quick 8)
//   --compare-query Q / PROBE_COMPARE_QUERY  compare-mode query (default "?compare=1&b.do=1&b.dor=0.5")
//   --silence-seconds N / PROBE_SILENCE_SECONDS  silence phase length, 0 skips (default 20; quick 8)
//   --silence-query Q / PROBE_SILENCE_QUERY  silence phase query (default "?data=digits")
//   --seconds N      / PROBE_SECONDS   training measurement length (default 20; quick 8)
//   --idle N         / PROBE_IDLE      idle baseline length in seconds (default 3; quick 2)
//   --toggles N      / PROBE_TOGGLES   L2 toggles for the latency figures (default 20; quick 10)
//   --headless N     / PROBE_HEADLESS  seconds of the Node reference run (default 5; quick 3)
//   --dist DIR       / PROBE_DIST      build directory (default dist)
//   --query Q        / PROBE_QUERY     query string for the page (e.g. "?panels=loss,boundary"), default none
//   --no-build                         reuse DIR if it holds a build
//   --profile                          also sample the main thread (CDP profiler) while training and
//                                      report where the time goes, overall and inside long tasks
//                                      (build with --unminified for readable function names)
//   --unminified                       build without minification (for --profile)
//   --readme                           also write the figures into README.md between the bench:browser markers
//   --readme-from FILE                 measure nothing: write a saved JSON report (this probe's stdout) into README.md
//
// Extending it: each measurement is a phase function below returning a JSON-able object; add a
// phase, call it from main(), put its result in the report and, if it has a target, a line in
// budgets(). In-page code lives in browser/page-probes.mjs.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { CHROMIUM_ARGS } from './browser/chromium-args.mjs';
import { build, hasBuild, serve } from './browser/server.mjs';
import { frameRate, percentile, round } from './browser/stats.mjs';
import { machine } from './browser/machine.mjs';
import { armToggleLatency, firstScreenReady, installProbeGlobals, longestWorkerSilences, longTasksSince, pauseLatencies, readCompareSides, readStatus, startFrames, stopFrames } from './browser/page-probes.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const LONG_TASK_BUDGET_MS = 100;
const FPS_BUDGET = 50;
const COMPARE_FPS_BUDGET = 40;
const HEAP_GROWTH_BUDGET_MB = 20;
const WORKER_VS_HEADLESS_BUDGET = 0.7;
const TOGGLE_P95_BUDGET_MS = 150;
// No TensorFlow Playground ratio: a fair one needs a side-by-side run of its page in the same
// browser on the same machine, and no copy of it is reachable offline here. (It trains one epoch
// per frame, its cap, and our epoch does more work: a fixed "19 epochs/s" figure was not a run.)
/** The first screen at 1280x800 shows at most this many words (issue 18). */
const FIRST_SCREEN_WORDS_BUDGET = 150;

const quick = process.argv.includes('--quick');

function option(name, environment, fallback, quickFallback = fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0 && process.argv[index + 1] !== undefined) return process.argv[index + 1];
  return process.env[environment] ?? (quick ? quickFallback : fallback);
}

const config = {
  quick,
  seconds: Number(option('seconds', 'PROBE_SECONDS', 20, 8)),
  idleSeconds: Number(option('idle', 'PROBE_IDLE', 3, 2)),
  toggles: Number(option('toggles', 'PROBE_TOGGLES', 20, 10)),
  headlessSeconds: Number(option('headless', 'PROBE_HEADLESS', 5, 3)),
  heapMinutes: Number(option('heap-minutes', 'PROBE_HEAP_MINUTES', 5, 0)),
  compareSeconds: Number(option('compare-seconds', 'PROBE_COMPARE_SECONDS', 20, 8)),
  compareQuery: option('compare-query', 'PROBE_COMPARE_QUERY', '?compare=1&b.do=1&b.dor=0.5'),
  silenceSeconds: Number(option('silence-seconds', 'PROBE_SILENCE_SECONDS', 20, 8)),
  silenceQuery: option('silence-query', 'PROBE_SILENCE_QUERY', '?data=digits'),
  dist: option('dist', 'PROBE_DIST', 'dist'),
  query: option('query', 'PROBE_QUERY', ''),
  build: !process.argv.includes('--no-build'),
  readme: process.argv.includes('--readme'),
  profile: process.argv.includes('--profile'),
  unminified: process.argv.includes('--unminified'),
};

const log = (message) => process.stderr.write(`[bench:browser] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ phases

/** Waits until the default view's run is built. */
async function mainViewReady(page) {
  await page.getByRole('button', { name: 'Step', exact: true }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => /Epoch 0/.test(document.querySelector('[role="status"]')?.textContent ?? ''), null, { timeout: 30_000 });
}

/**
 * The first screen in a fresh page: milliseconds from navigation until Play is usable and the
 * decision boundary is drawn, and the words visible in the 1280x800 viewport (text in closed
 * tabs and disclosures does not count).
 */
async function firstScreenPhase(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(firstScreenReady, null, { timeout: 30_000, polling: 'raf' });
  const readyMs = await page.evaluate(() => Math.round(performance.now() - performance.getEntriesByType('navigation')[0].startTime));
  const words = await page.evaluate(() => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let count = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const parent = node.parentElement;
      if (!text || !parent || !parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      if (parent.closest('.visually-hidden, svg title, option')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width === 0 || box.bottom <= 0 || box.top >= height || box.right <= 0 || box.left >= width) continue;
      count += text.split(/\s+/).filter((word) => /[A-Za-z]/.test(word)).length;
    }
    return count;
  });
  await context.close();
  return { readyMs, words };
}

/** Opens the page and waits until it is ready (by default: the run is built). */
async function openPage(browser, url, ready = mainViewReady) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(installProbeGlobals);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await ready(page);
  return { context, page, errors };
}

/** The panels on the page: every labelled region, whether it is expanded and on screen. */
async function panels(page) {
  // Panels load lazily: wait for their placeholders to go (and for at least one panel).
  await page
    .waitForFunction(() => document.querySelector('.panel-loading') === null && document.querySelector('section[role="region"]') !== null, null, { timeout: 15_000 })
    .catch(() => log('panels still loading after 15 s'));
  return page.evaluate(() =>
    [...document.querySelectorAll('section[role="region"]')].map((region) => {
      const box = region.getBoundingClientRect();
      const toggle = region.querySelector('.panel-header button[aria-expanded]');
      return {
        name: region.getAttribute('aria-label'),
        open: toggle ? toggle.getAttribute('aria-expanded') === 'true' : true,
        onScreen: box.bottom > 0 && box.top < window.innerHeight,
      };
    }),
  );
}

/** rAF deltas over `seconds` while nothing trains. */
async function idlePhase(page, cdp, seconds) {
  const before = await threadMetrics(cdp);
  await page.evaluate(startFrames);
  await sleep(seconds * 1000);
  const frames = await page.evaluate(stopFrames);
  const after = await threadMetrics(cdp);
  return { ...frameRate(frames.deltas), mainThread: mainThreadLoad(before, after, (frames.stoppedAt - frames.startedAt) / 1000) };
}

/** The page's JS heap after a full garbage collection (MB): what the page really keeps. */
async function jsHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? NaN;
  return round(used / 2 ** 20, 1);
}

/** Chromium's cumulative main-thread figures (seconds): CPU time and time in tasks, script, layout, style. */
const THREAD_METRICS = ['ThreadTime', 'TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'];

async function threadMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(THREAD_METRICS.map((name) => [name, metrics.find((metric) => metric.name === name)?.value ?? NaN]));
}

/**
 * Main-thread load per second of wall time (ms/s) between two readings. ThreadTime is CPU time,
 * so it stays meaningful when other processes compete for the cores (wall-clock figures such as
 * long tasks and frame rate then get worse, and say so).
 */
function mainThreadLoad(before, after, seconds) {
  const perSecond = (name) => round(((after[name] - before[name]) * 1000) / seconds, 0);
  return { cpuMsPerS: perSecond('ThreadTime'), taskMsPerS: perSecond('TaskDuration'), scriptMsPerS: perSecond('ScriptDuration'), layoutMsPerS: perSecond('LayoutDuration'), styleMsPerS: perSecond('RecalcStyleDuration') };
}

/** The machine's 1-minute load average per core, to flag runs disturbed by other processes. */
function loadPerCore() {
  return round(loadavg()[0] / cpus().length, 2);
}

/** Plays for `seconds`: frame rate, long tasks, worker throughput (from the status line), heap. */
/**
 * Where the main thread's time went, from a CPU profile: the functions with the most self time
 * overall, and inside long tasks (samples whose time falls in a long task's window).
 */
function summarizeProfile(profile, tasks, monotonicAtZero) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const label = (node) => {
    const frame = node.callFrame;
    return `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() || ''}:${frame.lineNumber + 1}`.trim();
  };
  const overall = new Map();
  const inLong = new Map();
  let time = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    time += profile.timeDeltas[index];
    const node = nodes.get(profile.samples[index]);
    const name = label(node);
    if (name.startsWith('(idle)')) continue;
    const ms = (profile.timeDeltas[index + 1] ?? profile.timeDeltas[index]) / 1000;
    overall.set(name, (overall.get(name) ?? 0) + ms);
    const at = time / 1000 - monotonicAtZero;
    if (tasks.some((task) => at >= task.start && at <= task.start + task.duration)) inLong.set(name, (inLong.get(name) ?? 0) + ms);
  }
  const top = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, ms]) => ({ name, ms: round(ms, 0) }));
  return { selfTimeOverall: top(overall), selfTimeInLongTasks: top(inLong) };
}

/**
 * Records the renderer main thread's tasks with a Chromium trace ("toplevel" category only, so it
 * costs little): each task's wall duration and thread CPU time. A long task whose CPU time is far
 * below its wall time was waiting for a core (other processes), not working.
 */
async function startTaskTrace(cdp) {
  const events = [];
  const onData = ({ value }) => events.push(...value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata'], recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    const threadNames = new Map();
    for (const event of events) if (event.name === 'thread_name') threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
    const tasks = events
      .filter((event) => event.ph === 'X' && /(^|::)RunTask$/.test(event.name) && event.name !== 'TaskGraphRunner::RunTask' && threadNames.get(`${event.pid}:${event.tid}`) === 'CrRendererMain')
      .map((event) => ({ wallMs: event.dur / 1000, cpuMs: event.tdur === undefined ? NaN : event.tdur / 1000 }));
    const long = tasks.filter((task) => task.wallMs >= 50).sort((a, b) => b.wallMs - a.wallMs);
    const byCpu = [...tasks].sort((a, b) => b.cpuMs - a.cpuMs);
    return {
      tasks: tasks.length,
      longestCpuMs: round(byCpu[0]?.cpuMs ?? 0),
      overBudgetCpu: tasks.filter((task) => task.cpuMs > LONG_TASK_BUDGET_MS).length,
      longTasksWallVsCpuMs: long.slice(0, 10).map((task) => [round(task.wallMs), round(task.cpuMs)]),
    };
  };
}

async function trainingPhase(page, cdp, seconds) {
  // The page's default pace is meant for watching; the probe measures the worker flat out.
  // The speed is in the settings drawer.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await page.getByRole('button', { name: 'Close settings' }).first().click();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // Let the worker reach full speed and the first charts draw before measuring.
  await page.waitForFunction(() => /training/.test(document.querySelector('[role="status"]')?.textContent ?? ''));
  await sleep(1000);
  const heapStartMB = await jsHeap(cdp);
  const threadBefore = await threadMetrics(cdp);
  const loadBefore = loadPerCore();
  if (config.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const stopTrace = await startTaskTrace(cdp);
  const since = await page.evaluate(startFrames);
  const first = await page.evaluate(readStatus);
  await sleep(seconds * 1000);
  const last = await page.evaluate(readStatus);
  const frames = await page.evaluate(stopFrames);
  const tasks = await page.evaluate(longTasksSince, since);
  const workerSilenceMs = await page.evaluate(longestWorkerSilences, since);
  const taskTrace = await stopTrace();
  let profile = null;
  if (config.profile) {
    const { profile: raw } = await cdp.send('Profiler.stop');
    profile = summarizeProfile(raw, tasks, await monotonicOffset(cdp));
  }
  const heapEndMB = await jsHeap(cdp);
  const threadAfter = await threadMetrics(cdp);
  const elapsed = (last.time - first.time) / 1000;
  const stepsPerSecond = (last.step - first.step) / elapsed;
  const epochsPerSecond = (last.epoch - first.epoch) / elapsed;
  const durations = tasks.map((task) => task.duration);
  return {
    seconds: round(elapsed, 2),
    fps: frameRate(frames.deltas),
    longTasks: {
      count: tasks.length,
      longestMs: durations.length > 0 ? round(Math.max(...durations)) : 0,
      over100ms: durations.filter((duration) => duration > LONG_TASK_BUDGET_MS).length,
      totalMs: round(durations.reduce((sum, duration) => sum + duration, 0)),
      // From the trace: the same tasks' thread CPU time (what the page itself spent).
      trace: taskTrace,
    },
    mainThread: mainThreadLoad(threadBefore, threadAfter, (frames.stoppedAt - frames.startedAt) / 1000),
    loadAveragePerCore: { before: loadBefore, after: loadPerCore() },
    worker: { steps: last.step - first.step, epochs: last.epoch - first.epoch, stepsPerSecond: round(stepsPerSecond), epochsPerSecond: round(epochsPerSecond) },
    // The longest gap between two messages of each worker, as the page received them (the watchdog's view).
    workerSilenceMs,
    heapMB: { start: heapStartMB, end: heapEndMB },
    ...(profile ? { profile } : {}),
  };
}

/**
 * The CPU profile's timestamps are on the browser's monotonic clock (µs), as CDP's "Timestamp"
 * metric (s); performance.now() counts from the page's time origin. Returns the monotonic time
 * (ms) at performance.now() = 0, from two readings a moment apart (good to a few ms).
 */
async function monotonicOffset(cdp) {
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'performance.now()', returnByValue: true });
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'Timestamp').value * 1000 - result.value;
}

/** Click "L2" `count` times while training; per click, the time to the run log's new entry. */
async function togglePhase(page, count) {
  const control = page.getByRole('switch', { name: 'L2', exact: true });
  await control.scrollIntoViewIfNeeded();
  await control.evaluate((element) => element.setAttribute('data-probe-toggle', ''));
  const samples = [];
  const failures = [];
  for (let index = 0; index < count; index++) {
    await page.evaluate(armToggleLatency, { switchSelector: '[data-probe-toggle]', countSelector: '[data-run-log-count]', timeoutMs: 5000 });
    await control.click();
    const result = await page.waitForFunction(() => window.__probe.latency, null, { timeout: 10_000 }).then((handle) => handle.jsonValue());
    if (typeof result.ms === 'number') samples.push(result.ms);
    else failures.push(result.error);
    // A short pause between clicks, as a person would make (and so each click is its own change).
    await sleep(150);
  }
  return {
    toggles: count,
    measured: samples.length,
    failures,
    medianMs: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    maxMs: round(Math.max(...samples)),
    samplesMs: samples.map((sample) => round(sample)),
  };
}

/** Long-task figures (Long Tasks API) from a list of { start, duration }. */
function longTaskSummary(tasks) {
  const durations = tasks.map((task) => task.duration);
  return {
    count: tasks.length,
    longestMs: durations.length > 0 ? round(Math.max(...durations)) : 0,
    over100ms: durations.filter((duration) => duration > LONG_TASK_BUDGET_MS).length,
    totalMs: round(durations.reduce((sum, duration) => sum + duration, 0)),
  };
}

/**
 * Keeps training (the run is still playing since `playedAt`, Date.now() ms) and reads the JS heap
 * after a forced GC at each whole minute from 1 to `minutes` (and at `minutes` itself): growth is
 * the last sample minus the first (minute 1). Also frame rate and long tasks over that span, and
 * the worker's pace per interval (it must keep training throughout).
 */
async function heapPhase(page, cdp, playedAt, minutes) {
  const marks = [];
  for (let minute = 1; minute < minutes; minute++) marks.push(minute);
  marks.push(minutes);
  const samples = [];
  const times = [];
  let since = null;
  for (const mark of marks) {
    const wait = playedAt + mark * 60_000 - Date.now();
    if (wait > 0) await sleep(wait);
    const status = await page.evaluate(readStatus);
    const heapMB = await jsHeap(cdp);
    const sample = { minute: round((Date.now() - playedAt) / 60_000, 2), heapMB, epoch: status.epoch, step: status.step, training: /training/.test(status.text) };
    samples.push(sample);
    times.push(status.time);
    log(`heap at ${sample.minute} min of training: ${heapMB} MB (epoch ${status.epoch})`);
    // Frames from minute 1 to the end (the GCs the probe forces are inside the span, as in real use they would not be).
    if (since === null) since = await page.evaluate(startFrames);
  }
  const frames = await page.evaluate(stopFrames);
  const tasks = await page.evaluate(longTasksSince, since);
  const first = samples[0];
  const last = samples.at(-1);
  const elapsed = (times.at(-1) - times[0]) / 1000;
  return {
    minutes,
    samples,
    at1MinMB: first.heapMB,
    atEndMB: last.heapMB,
    growthMB: round(last.heapMB - first.heapMB, 1),
    maxMB: Math.max(...samples.map((sample) => sample.heapMB)),
    trainedThroughout: samples.every((sample) => sample.training),
    worker: elapsed > 0 ? { epochsPerSecond: round((last.epoch - first.epoch) / elapsed), stepsPerSecond: round((last.step - first.step) / elapsed) } : null,
    fps: frames.deltas.length > 0 ? frameRate(frames.deltas) : null,
    longTasks: longTaskSummary(tasks),
  };
}

/** Waits until compare mode's two runs are built (each side shows its boundary canvas). */
async function compareReady(page) {
  await page.getByRole('region', { name: 'Comparison' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.getByRole('button', { name: 'Play both', exact: true }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelectorAll('.compare-side canvas').length === 2, null, { timeout: 30_000 });
}

/**
 * Compare mode in a fresh page: plays both runs (each in its own worker, at the workers' default
 * pace, i.e. flat out: two busy cores) for `seconds` and reports frame rate, long tasks (API and
 * trace), main-thread load and each worker's epochs/s.
 */
async function comparePhase(browser, url, seconds) {
  const { context, page, errors } = await openPage(browser, url, compareReady);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const region = page.getByRole('region', { name: 'Comparison' });
    await region.scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Play both', exact: true }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('.compare-side figcaption')].filter((caption) => /· training/.test(caption.textContent ?? '')).length === 2, null, { timeout: 15_000 });
    await sleep(1000);
    const threadBefore = await threadMetrics(cdp);
    const loadBefore = loadPerCore();
    const stopTrace = await startTaskTrace(cdp);
    const since = await page.evaluate(startFrames);
    const first = await page.evaluate(readCompareSides);
    await sleep(seconds * 1000);
    const last = await page.evaluate(readCompareSides);
    const frames = await page.evaluate(stopFrames);
    const tasks = await page.evaluate(longTasksSince, since);
    const workerSilenceMs = await page.evaluate(longestWorkerSilences, since);
    const taskTrace = await stopTrace();
    const threadAfter = await threadMetrics(cdp);
    await page.getByRole('button', { name: 'Pause both', exact: true }).click();
    const elapsed = (last.time - first.time) / 1000;
    const workers = first.sides.map((side, index) => ({
      run: index === 0 ? 'A' : 'B',
      epochs: last.sides[index].epoch - side.epoch,
      epochsPerSecond: round((last.sides[index].epoch - side.epoch) / elapsed),
      trainingAtEnd: last.sides[index].training,
    }));
    return {
      query: config.compareQuery,
      seconds: round(elapsed, 2),
      fps: frameRate(frames.deltas),
      longTasks: { ...longTaskSummary(tasks), trace: taskTrace },
      mainThread: mainThreadLoad(threadBefore, threadAfter, (frames.stoppedAt - frames.startedAt) / 1000),
      loadAveragePerCore: { before: loadBefore, after: loadPerCore() },
      workers,
      workerSilenceMs,
      pageErrors: errors,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * The watchdog's measurement: a fresh page trains `url`'s run (the digits by default: the longest
 * evaluations) flat out for `seconds`; reports the longest gap between two messages of each
 * worker as the page received them, and the epochs trained (each one an evaluation pass).
 */
async function silencePhase(browser, url, seconds) {
  const { context, page, errors } = await openPage(browser, url);
  try {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Close settings' }).first().click();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => /training/.test(document.querySelector('[role="status"]')?.textContent ?? ''));
    const since = await page.evaluate(() => performance.now());
    const first = await page.evaluate(readStatus);
    const loadBefore = loadPerCore();
    await sleep(seconds * 1000);
    const last = await page.evaluate(readStatus);
    const workerSilenceMs = await page.evaluate(longestWorkerSilences, since);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.waitForFunction(() => /paused$/.test(document.querySelector('.status-line')?.textContent ?? ''));
    const pauseMs = await page.evaluate(pauseLatencies, 10);
    // A healthy worker must never be taken for a dead one: the watchdog's banner must not be there.
    const replaced = await page.evaluate(() => /replaced by a new one/.test(document.querySelector('.banner')?.textContent ?? ''));
    return { query: url.slice(url.indexOf('?')), seconds, epochs: last.epoch - first.epoch, steps: last.step - first.step, workerSilenceMs, pauseMs: { max: Math.max(...pauseMs), all: pauseMs }, workerReplaced: replaced, loadAveragePerCore: { before: loadBefore, after: loadPerCore() }, pageErrors: errors };
  } finally {
    await context.close().catch(() => {});
  }
}

/** The same workload headless in Node (tsx), in this invocation. */
function headlessPhase(seconds, query) {
  const result = spawnSync('npx', ['tsx', 'test/bench/browser/headless-throughput.ts', String(seconds), query], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`The headless reference run failed: ${result.stderr}`);
  const figures = JSON.parse(result.stdout.trim().split('\n').pop());
  return { ...figures, seconds: round(figures.seconds, 2), stepsPerSecond: round(figures.stepsPerSecond), epochsPerSecond: round(figures.epochsPerSecond), samplesPerSecond: round(figures.samplesPerSecond, 0) };
}

/** Each target: { target, value, pass }; a phase that did not run has pass null ("skipped"). */
function budgets(report) {
  const line = (target, value, pass) => ({ target, value, pass: value === null || value === undefined ? null : pass });
  const t = report.training;
  const lines = {
    medianFps: line(`>= ${FPS_BUDGET}`, t.fps.medianFps, t.fps.medianFps >= FPS_BUDGET),
    longestTaskMs: line(`<= ${LONG_TASK_BUDGET_MS}`, t.longTasks.longestMs, t.longTasks.longestMs <= LONG_TASK_BUDGET_MS),
    longestTaskCpuMs: line(`<= ${LONG_TASK_BUDGET_MS} (CPU time, load-independent)`, t.longTasks.trace.longestCpuMs, t.longTasks.trace.longestCpuMs <= LONG_TASK_BUDGET_MS),
    workerVsHeadless: line(`>= ${WORKER_VS_HEADLESS_BUDGET}`, report.workerVsHeadless, report.workerVsHeadless >= WORKER_VS_HEADLESS_BUDGET),
    toggleLatencyP95Ms: line(`<= ${TOGGLE_P95_BUDGET_MS}`, report.toggleLatency.p95Ms, report.toggleLatency.p95Ms <= TOGGLE_P95_BUDGET_MS),
    heapGrowthMB: line(`<= ${HEAP_GROWTH_BUDGET_MB} (minute 1 -> ${config.heapMinutes || '-'})`, report.heap?.growthMB ?? null, report.heap?.growthMB <= HEAP_GROWTH_BUDGET_MB),
    firstScreenWords: line(`<= ${FIRST_SCREEN_WORDS_BUDGET}`, report.firstScreen.words, report.firstScreen.words <= FIRST_SCREEN_WORDS_BUDGET),
    compareMedianFps: report.compare?.error
      ? { target: `>= ${COMPARE_FPS_BUDGET}`, value: null, pass: false, error: report.compare.error }
      : line(`>= ${COMPARE_FPS_BUDGET}`, report.compare?.fps.medianFps ?? null, report.compare?.fps.medianFps >= COMPARE_FPS_BUDGET),
  };
  return lines;
}

const verdict = (pass) => (pass === null ? 'skipped' : pass ? 'pass' : 'FAIL');

/** The budgets as a fixed-width table (printed on stderr). */
function budgetTable(lines) {
  const rows = [['target', 'budget', 'value', 'result'], ...Object.entries(lines).map(([name, entry]) => [name, entry.target, String(entry.value ?? '-'), verdict(entry.pass)])];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

// ------------------------------------------------------------------ README

const START = '<!-- bench:browser:start -->';
const END = '<!-- bench:browser:end -->';

function readmeBlock(report) {
  const m = report.machine;
  const t = report.training;
  const rows = [
    ['idle page, frame rate median / p5', `${report.idle.medianFps} / ${report.idle.p5Fps} fps`],
    ['training, frame rate median / p5', `${t.fps.medianFps} / ${t.fps.p5Fps} fps`],
    ['training, long tasks (count, longest)', `${t.longTasks.count}, ${t.longTasks.longestMs} ms`],
    ['training, longest main-thread task in CPU time (trace)', `${t.longTasks.trace.longestCpuMs} ms`],
    ['the 3 longest tasks, wall / CPU', t.longTasks.trace.longTasksWallVsCpuMs.slice(0, 3).map(([wall, cpu]) => `${wall} / ${cpu} ms`).join(', ') || 'none'],
    ['training, main-thread CPU (idle page)', `${t.mainThread.cpuMsPerS} ms/s (${report.idle.mainThread.cpuMsPerS} ms/s)`],
    ['machine load average per core during training', `${t.loadAveragePerCore.before} → ${t.loadAveragePerCore.after}`],
    ['worker throughput', `${t.worker.stepsPerSecond} steps/s, ${t.worker.epochsPerSecond} epochs/s`],
    ['longest silence of the training worker while training (the watchdog bound is 10x or more)', Object.entries(t.workerSilenceMs ?? {}).map(([name, ms]) => `${name}: ${ms} ms`).join(', ') || '-'],
    ['same workload headless in Node', `${report.headless.stepsPerSecond} steps/s, ${report.headless.epochsPerSecond} epochs/s`],
    ['worker / headless', `${report.workerVsHeadless}`],
    [`L2 switch → first telemetry (${report.toggleLatency.measured} toggles), median / p95`, `${report.toggleLatency.medianMs} / ${report.toggleLatency.p95Ms} ms`],
    ['JS heap after GC (page), start → end of training', `${t.heapMB.start} → ${t.heapMB.end} MB`],
    ['first screen at 1280x800: words visible, time to ready (Play usable, boundary drawn)', `${report.firstScreen.words} words, ${report.firstScreen.readyMs} ms`],
  ];
  const h = report.heap;
  if (h) {
    rows.push(
      [`JS heap after GC, after 1 min → ${h.minutes} min of continuous training (growth)`, `${h.at1MinMB} → ${h.atEndMB} MB (${h.growthMB >= 0 ? '+' : ''}${h.growthMB} MB; max ${h.maxMB} MB)`],
      ['heap samples each minute', h.samples.map((sample) => `${sample.minute} min: ${sample.heapMB} MB`).join(', ')],
    );
    // A one-minute heap phase has no stretch between its samples to report on.
    if (h.fps) rows.push([`minutes 1 → ${h.minutes}: frame rate median / p5, long tasks (count, longest), worker`, `${h.fps.medianFps} / ${h.fps.p5Fps} fps, ${h.longTasks.count}, ${h.longTasks.longestMs} ms, ${h.worker?.epochsPerSecond} epochs/s${h.trainedThroughout ? '' : ' (NOT training at every sample)'}`]);
  }
  const c = report.compare;
  if (c?.error) rows.push([`compare mode (\`${c.query}\`)`, `failed: ${c.error}`]);
  else if (c) {
    rows.push(
      [`compare mode (\`${c.query}\`), both playing ${c.seconds} s: frame rate median / p5`, `${c.fps.medianFps} / ${c.fps.p5Fps} fps`],
      ['compare mode: long tasks (count, longest; longest in CPU time)', `${c.longTasks.count}, ${c.longTasks.longestMs} ms; ${c.longTasks.trace.longestCpuMs} ms`],
      ['compare mode: main-thread CPU, load average per core', `${c.mainThread.cpuMsPerS} ms/s, ${c.loadAveragePerCore.before} → ${c.loadAveragePerCore.after}`],
      ['compare mode: workers A / B', c.workers.map((worker) => `${worker.epochsPerSecond}`).join(' / ') + ' epochs/s'],
      ['compare mode: longest silence of each worker', Object.entries(c.workerSilenceMs ?? {}).map(([name, ms]) => `${name}: ${ms} ms`).join(', ') || '-'],
    );
  }
  const q = report.silence;
  if (q?.error) rows.push([`silence (\`${q.query}\`)`, `failed: ${q.error}`]);
  else if (q) rows.push([`longest worker silence training \`${q.query}\` flat out ${q.seconds} s (${q.epochs} epochs; load per core ${q.loadAveragePerCore.before} → ${q.loadAveragePerCore.after})`, Object.entries(q.workerSilenceMs).map(([name, ms]) => `${name}: ${ms} ms`).join(', ') || '-'], [`Pause click → "paused" shown, same run (10 times), longest`, `${q.pauseMs.max} ms`]);
  return [
    START,
    `Browser probe (\`npm run bench:browser\`, ${report.date.slice(0, 10)}): headless Chromium ${m.chromium} at ${report.config.viewport}, default settings, every panel open, ${t.seconds} s of training at full speed.`,
    `Machine: ${m.nproc} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}, Chromium ${m.chromium}. Heap phase: ${report.config.heapMinutes >= 1 ? `${report.config.heapMinutes} min of continuous training` : 'skipped'}; compare mode: ${report.config.compareSeconds > 0 ? `${report.config.compareSeconds} s` : 'skipped'}.`,
    '',
    '| measure | value |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    'Frame rate and long tasks are wall-clock figures: with a load average above 1 per core, other processes share the cores and stretch every task; main-thread CPU time is the load-independent figure.',
    ...(c ? ['', 'Compare mode plays both runs at the workers\' default pace, as fast as possible: two busy workers plus the page\'s main thread on this machine\'s cores.'] : []),
    '',
    'Options (documented at the top of `test/bench/browser-probe.mjs`): `--quick` (well under a minute with `--no-build`: no heap phase, shorter phases), `--heap-minutes N` (default 5; 0 skips), `--compare-seconds N` (default 20), `--readme` / `--readme-from FILE`. The full run takes about 7½ minutes.',
    '',
    '| target | budget | value | result |',
    '|---|---|---|---|',
    ...Object.entries(report.budgets).map(([name, line]) => `| ${name} | ${line.target} | ${line.value ?? '-'} | ${verdict(line.pass)} |`),
    '',
    '<details><summary>Full JSON</summary>',
    '',
    '```json',
    JSON.stringify(report, null, 2),
    '```',
    '',
    '</details>',
    END,
  ].join('\n');
}

function writeReadme(report) {
  const path = 'README.md';
  const text = readFileSync(path, 'utf8');
  const block = readmeBlock(report);
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next = start >= 0 && end > start ? text.slice(0, start) + block + text.slice(end + END.length) : `${text.replace(/\s*$/, '')}\n\n${block}\n`;
  writeFileSync(path, next);
}

// ------------------------------------------------------------------ main

async function main() {
  const saved = option('readme-from', 'PROBE_README_FROM', null);
  if (saved) {
    const report = JSON.parse(readFileSync(saved, 'utf8'));
    writeReadme(report);
    process.stderr.write(`${budgetTable(report.budgets)}\n`);
    log(`README.md updated from ${saved} between the bench:browser markers.`);
    return;
  }
  if (config.build || !hasBuild(config.dist)) {
    log(`building into ${config.dist}${config.unminified ? ' (unminified)' : ''}…`);
    build(config.dist, config.unminified);
  }
  const server = await serve(config.dist);
  let browser = null;
  try {
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    const browserVersion = browser.version();
    // Compare mode first, in its own page (closed before the main page opens): the long heap phase
    // below needs nothing more from the server, and a server that goes away meanwhile costs nothing.
    let compare = null;
    if (config.compareSeconds > 0) {
      log(`compare mode (${config.compareQuery}), both playing ${config.compareSeconds} s…`);
      compare = await comparePhase(browser, server.url + config.compareQuery, config.compareSeconds).catch((error) => {
        log(`compare mode failed: ${error.message.split('\n')[0]}`);
        return { query: config.compareQuery, error: error.message.split('\n')[0] };
      });
    }
    let silence = null;
    if (config.silenceSeconds > 0) {
      log(`silence (${config.silenceQuery}), training ${config.silenceSeconds} s…`);
      silence = await silencePhase(browser, server.url + config.silenceQuery, config.silenceSeconds).catch((error) => {
        log(`silence phase failed: ${error.message.split('\n')[0]}`);
        return { query: config.silenceQuery, error: error.message.split('\n')[0] };
      });
    }
    log('first screen: words and time to ready…');
    // The first screen is the default experiment's (a --query workload may have no boundary to draw).
    const firstScreen = await firstScreenPhase(browser, server.url);
    const { page, context, errors } = await openPage(browser, server.url + config.query);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const regions = await panels(page);
    log(`${regions.length} panels open; idle baseline ${config.idleSeconds} s…`);
    const idle = await idlePhase(page, cdp, config.idleSeconds);
    log(`training ${config.seconds} s…`);
    const playedAt = Date.now();
    const training = await trainingPhase(page, cdp, config.seconds);
    log(`${config.toggles} L2 toggles…`);
    const toggleLatency = await togglePhase(page, config.toggles);
    let heap = null;
    if (config.heapMinutes >= 1) {
      log(`training on: heap after 1 and ${config.heapMinutes} minutes…`);
      heap = await heapPhase(page, cdp, playedAt, config.heapMinutes);
    } else if (config.heapMinutes > 0) log('--heap-minutes below 1: heap phase skipped');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await context.close();
    await browser.close();
    browser = null;
    server.stop();
    log(`headless reference ${config.headlessSeconds} s…`);
    const headless = headlessPhase(config.headlessSeconds, config.query);
    const report = {
      probe: 'bench:browser',
      version: 1,
      date: new Date().toISOString(),
      machine: machine(browserVersion),
      config: { quick: config.quick, viewport: `${VIEWPORT.width}x${VIEWPORT.height}`, query: config.query, trainingSeconds: config.seconds, idleSeconds: config.idleSeconds, toggles: config.toggles, headlessSeconds: config.headlessSeconds, heapMinutes: config.heapMinutes, compareSeconds: config.compareSeconds, compareQuery: config.compareQuery, silenceSeconds: config.silenceSeconds, silenceQuery: config.silenceQuery, settings: 'defaults (80 spiral points, 32-32 ReLU, Adam, batch 10)' },
      panels: regions,
      idle,
      training,
      headless,
      workerVsHeadless: round(training.worker.stepsPerSecond / headless.stepsPerSecond, 2),
      toggleLatency,
      heap,
      compare,
      silence,
      firstScreen,
      pageErrors: errors,
    };
    report.budgets = budgets(report);
    console.log(JSON.stringify(report, null, 2));
    process.stderr.write(`\n${budgetTable(report.budgets)}\n`);
    if (config.readme) {
      writeReadme(report);
      log('README.md updated between the bench:browser markers.');
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
