// Code the probe runs inside the page (passed to page.evaluate / addInitScript). Each function is
// self-contained: Playwright serializes it, so it may not close over anything in this module.

/**
 * Installed before the app loads: records long tasks from the start, into window.__probe, and the
 * gaps between the messages each worker's messages reach the page (what the watchdog sees:
 * src/worker/silenceWatch.ts), as [arrival time, gap since the previous one] per worker.
 */
export function installProbeGlobals() {
  const probe = { longTasks: [], frames: null, workers: [] };
  window.__probe = probe;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      const record = { name: options?.name ?? '', gaps: [], last: null };
      probe.workers.push(record);
      this.addEventListener('message', () => {
        const now = performance.now();
        if (record.last !== null) record.gaps.push([now, now - record.last]);
        record.last = now;
      });
    }
  };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    probe.longTasksUnsupported = true;
  }
}

/** Starts recording requestAnimationFrame deltas (ms) into window.__probe.frames. */
export function startFrames() {
  const probe = window.__probe;
  const deltas = [];
  probe.frames = { deltas, running: true, startedAt: performance.now() };
  let last = null;
  const tick = (time) => {
    if (!probe.frames.running) return;
    if (last !== null) deltas.push(time - last);
    last = time;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return probe.frames.startedAt;
}

/** Stops recording; returns { deltas, startedAt, stoppedAt }. */
export function stopFrames() {
  const frames = window.__probe.frames;
  frames.running = false;
  return { deltas: frames.deltas, startedAt: frames.startedAt, stoppedAt: performance.now() };
}

/** Long tasks since `since` (performance.now() time). */
export function longTasksSince(since) {
  return window.__probe.longTasks.filter((task) => task.start >= since);
}

/** The status line's epoch and step, with the page's clock. */
export function readStatus() {
  const text = document.querySelector('[role="status"]')?.textContent ?? '';
  const epoch = /Epoch (\d+)/.exec(text);
  const step = /step (\d+)/.exec(text);
  return { time: performance.now(), text, epoch: epoch ? Number(epoch[1]) : null, step: step ? Number(step[1]) : null };
}

/**
 * Arms one latency measurement: the time from the next click on `switchSelector` (its event
 * timestamp) to the first change of the run-log count the loss panel renders
 * (`[data-run-log-count]`), i.e. the worker's "patched" telemetry reaching the page. The result
 * lands in window.__probe.latency ({ ms } or { error }).
 */
export function armToggleLatency({ switchSelector, countSelector, timeoutMs }) {
  const probe = window.__probe;
  probe.latency = null;
  const target = document.querySelector(countSelector);
  const control = document.querySelector(switchSelector);
  if (!target || !control) {
    probe.latency = { error: `missing ${target ? switchSelector : countSelector}` };
    return;
  }
  const before = target.getAttribute('data-run-log-count');
  let clickedAt = null;
  const onClick = (event) => {
    clickedAt = event.timeStamp;
  };
  control.addEventListener('click', onClick, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    const now = performance.now();
    const current = document.querySelector(countSelector);
    if (!current || current.getAttribute('data-run-log-count') === before || clickedAt === null) return;
    observer.disconnect();
    clearTimeout(timer);
    probe.latency = { ms: now - clickedAt };
  });
  observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-run-log-count'], childList: true });
  const timer = setTimeout(() => {
    observer.disconnect();
    probe.latency = { error: `no run-log change within ${timeoutMs} ms` };
  }, timeoutMs);
}

/** Compare mode: each side's epoch and phase from its caption ("Run A (…) · epoch 12 · training"), with the page's clock. */
export function readCompareSides() {
  const captions = [...document.querySelectorAll('.compare-side figcaption')].map((caption) => caption.textContent ?? '');
  return {
    time: performance.now(),
    sides: captions.map((text) => {
      const epoch = /· epoch (\d+)/.exec(text);
      return { epoch: epoch ? Number(epoch[1]) : null, training: /· training/.test(text) };
    }),
  };
}

/** Per live worker (by name), the longest gap between two of its messages that arrived after `since`. */
export function longestWorkerSilences(since) {
  const result = {};
  for (const record of window.__probe.workers) {
    const gaps = record.gaps.filter(([at]) => at >= since).map(([, gap]) => gap);
    if (gaps.length === 0) continue;
    const longest = Math.max(...gaps);
    result[record.name] = Math.max(result[record.name] ?? 0, Math.round(longest));
  }
  return result;
}

/**
 * Plays and pauses `cycles` times (training about 400 ms each time); returns the milliseconds from
 * each Pause click until the status line says "paused" (what the user waits for; the watchdog
 * wants the worker's answer within a second).
 */
export async function pauseLatencies(cycles) {
  const button = (name) => [...document.querySelectorAll('button')].find((candidate) => candidate.textContent.replace(/\W/g, '') === name);
  const status = () => document.querySelector('.status-line')?.textContent ?? '';
  const until = (test) =>
    new Promise((resolve) => {
      const check = () => (test() ? resolve() : requestAnimationFrame(check));
      check();
    });
  const latencies = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    button('Play').click();
    await until(() => /training$/.test(status()));
    await new Promise((resolve) => setTimeout(resolve, 300 + 37 * cycle));
    const clicked = performance.now();
    button('Pause').click();
    await until(() => /paused$/.test(status()));
    latencies.push(Math.round(performance.now() - clicked));
  }
  return latencies;
}

/**
 * Runs in the page: whether the first screen is ready, the probes' one definition of it (Play
 * usable, and the boundary canvas drawn: not one flat colour).
 */
export function firstScreenReady() {
  const play = [...document.querySelectorAll('button')].find((button) => /^\W*Play$/.test(button.textContent ?? ''));
  const canvas = document.querySelector('canvas.boundary-canvas');
  if (!play || play.disabled || !canvas || canvas.width === 0) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let index = 4; index < pixels.length; index += 4 * 97) if (pixels[index] !== pixels[0] || pixels[index + 2] !== pixels[2]) return true;
  return false;
}
