// Browser performance probe (`npm run bench:browser`): builds the app (or reuses a build), serves
// it with `vite preview` on 127.0.0.1, opens headless Chromium at 1280x800 with every panel open,
// and prints one JSON report:
//   idle     the idle page's frame rate (the baseline);
//   training frame rate (median, 5th percentile) and long tasks (count, longest) while training at
//            full speed, the worker's throughput read from the status line, and the JS heap;
//   headless the same workload run headless in Node in this invocation, and the worker/headless ratio;
//   toggles  latency from a click on the "L2" switch to the first telemetry reflecting it (the run
//            log's new entry rendered by the loss panel), median and 95th percentile;
//   budgets  each target with its measured value and pass/fail.
// Long tasks are also traced (Chromium "toplevel" trace): each task's wall time and thread CPU
// time, which tells a slow page from a busy machine.
//
// Options (flags or environment variables):
//   --seconds N      / PROBE_SECONDS   training measurement length (default 20)
//   --idle N         / PROBE_IDLE      idle baseline length in seconds (default 3)
//   --toggles N      / PROBE_TOGGLES   L2 toggles for the latency figures (default 20)
//   --headless N     / PROBE_HEADLESS  seconds of the Node reference run (default 5)
//   --dist DIR       / PROBE_DIST      build directory (default dist)
//   --query Q        / PROBE_QUERY     query string for the page (e.g. "?panels=loss,boundary"), default none
//   --no-build                         reuse DIR if it holds a build
//   --profile                          also sample the main thread (CDP profiler) while training and
//                                      report where the time goes, overall and inside long tasks
//                                      (build with --unminified for readable function names)
//   --unminified                       build without minification (for --profile)
//   --readme                           also write the figures into README.md between the bench:browser markers
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
import { armToggleLatency, installProbeGlobals, longTasksSince, readStatus, startFrames, stopFrames } from './browser/page-probes.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const LONG_TASK_BUDGET_MS = 100;
const FPS_BUDGET = 50;

function option(name, environment, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0 && process.argv[index + 1] !== undefined) return process.argv[index + 1];
  return process.env[environment] ?? fallback;
}

const config = {
  seconds: Number(option('seconds', 'PROBE_SECONDS', 20)),
  idleSeconds: Number(option('idle', 'PROBE_IDLE', 3)),
  toggles: Number(option('toggles', 'PROBE_TOGGLES', 20)),
  headlessSeconds: Number(option('headless', 'PROBE_HEADLESS', 5)),
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

/** Opens the page and waits until the run is built. */
async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(installProbeGlobals);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await page.getByRole('button', { name: 'Step', exact: true }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => /Epoch 0/.test(document.querySelector('[role="status"]')?.textContent ?? ''), null, { timeout: 30_000 });
  return { context, page, errors };
}

/** The panels on the page: every labelled region, whether it is expanded and on screen. */
async function panels(page) {
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
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
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

/** The same workload headless in Node (tsx), in this invocation. */
function headlessPhase(seconds) {
  const result = spawnSync('npx', ['tsx', 'test/bench/browser/headless-throughput.ts', String(seconds)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`The headless reference run failed: ${result.stderr}`);
  const figures = JSON.parse(result.stdout.trim().split('\n').pop());
  return { ...figures, seconds: round(figures.seconds, 2), stepsPerSecond: round(figures.stepsPerSecond), epochsPerSecond: round(figures.epochsPerSecond), samplesPerSecond: round(figures.samplesPerSecond, 0) };
}

function budgets(report) {
  const lines = {
    medianFps: { target: `>= ${FPS_BUDGET}`, value: report.training.fps.medianFps, pass: report.training.fps.medianFps >= FPS_BUDGET },
    longestTaskMs: { target: `<= ${LONG_TASK_BUDGET_MS}`, value: report.training.longTasks.longestMs, pass: report.training.longTasks.longestMs <= LONG_TASK_BUDGET_MS },
    longestTaskCpuMs: { target: `<= ${LONG_TASK_BUDGET_MS} (CPU time, load-independent)`, value: report.training.longTasks.trace.longestCpuMs, pass: report.training.longTasks.trace.longestCpuMs <= LONG_TASK_BUDGET_MS },
    workerVsHeadless: { target: '>= 0.7', value: report.workerVsHeadless, pass: report.workerVsHeadless >= 0.7 },
    toggleLatencyP95Ms: { target: '<= 150', value: report.toggleLatency.p95Ms, pass: report.toggleLatency.p95Ms <= 150 },
  };
  return lines;
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
    ['same workload headless in Node', `${report.headless.stepsPerSecond} steps/s, ${report.headless.epochsPerSecond} epochs/s`],
    ['worker / headless', `${report.workerVsHeadless}`],
    [`L2 switch → first telemetry (${report.toggleLatency.measured} toggles), median / p95`, `${report.toggleLatency.medianMs} / ${report.toggleLatency.p95Ms} ms`],
    ['JS heap after GC (page), start → end of training', `${t.heapMB.start} → ${t.heapMB.end} MB`],
  ];
  return [
    START,
    `Browser probe (\`npm run bench:browser\`, ${report.date.slice(0, 10)}): headless Chromium ${m.chromium} at ${report.config.viewport}, default settings, every panel open, ${t.seconds} s of training at full speed.`,
    `Machine: ${m.nproc} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}.`,
    '',
    '| measure | value |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    'Frame rate and long tasks are wall-clock figures: with a load average above 1 per core, other processes share the cores and stretch every task; main-thread CPU time is the load-independent figure.',
    '',
    'Budgets: ' + Object.entries(report.budgets).map(([name, line]) => `${name} ${line.value} (${line.target}) ${line.pass ? 'pass' : 'FAIL'}`).join('; ') + '.',
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
  if (config.build || !hasBuild(config.dist)) {
    log(`building into ${config.dist}${config.unminified ? ' (unminified)' : ''}…`);
    build(config.dist, config.unminified);
  }
  const server = await serve(config.dist);
  let browser = null;
  try {
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    const browserVersion = browser.version();
    const { page, context, errors } = await openPage(browser, server.url + config.query);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const regions = await panels(page);
    log(`${regions.length} panels open; idle baseline ${config.idleSeconds} s…`);
    const idle = await idlePhase(page, cdp, config.idleSeconds);
    log(`training ${config.seconds} s…`);
    const training = await trainingPhase(page, cdp, config.seconds);
    log(`${config.toggles} L2 toggles…`);
    const toggleLatency = await togglePhase(page, config.toggles);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await browser.close();
    browser = null;
    server.stop();
    log(`headless reference ${config.headlessSeconds} s…`);
    const headless = headlessPhase(config.headlessSeconds);
    const report = {
      probe: 'bench:browser',
      version: 1,
      date: new Date().toISOString(),
      machine: machine(browserVersion),
      config: { viewport: `${VIEWPORT.width}x${VIEWPORT.height}`, query: config.query, trainingSeconds: config.seconds, idleSeconds: config.idleSeconds, toggles: config.toggles, headlessSeconds: config.headlessSeconds, settings: 'defaults (spirals, 32-32 ReLU, Adam, batch 16)' },
      panels: regions,
      idle,
      training,
      headless,
      workerVsHeadless: round(training.worker.stepsPerSecond / headless.stepsPerSecond, 2),
      toggleLatency,
      pageErrors: errors,
    };
    report.budgets = budgets(report);
    console.log(JSON.stringify(report, null, 2));
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
