// The page's first script (put before the app's bundle by scripts/vite-plugins.ts, earlyScript):
// starts the main run's training worker while the app's bundle is still loading, and leaves it
// for the app's training client (src/worker/earlyWorker.ts). It imports nothing, so it runs as
// soon as its own few bytes arrive. It starts the worker only where the full app will surely
// train: not on embed.html or an `?embed` link (the widget decides later), not inside any frame
// (the app may refuse to run there).
import type { EarlyWorker } from './worker/earlyWorker';

/** The same string as EARLY_WORKER_KEY in src/worker/earlyWorker.ts (an import would cost a fetch). */
const EARLY_WORKER_KEY = '__regularizationPlaygroundEarlyWorker';

function framed(): boolean {
  try {
    return window.top !== window;
  } catch {
    return true;
  }
}

const embedded = /\/embed\.html$/.test(window.location.pathname) || new URLSearchParams(window.location.search).has('embed');
if (!embedded && !framed() && typeof Worker !== 'undefined') {
  try {
    const entry: EarlyWorker = {
      worker: new Worker(new URL('./worker/training.worker.ts', import.meta.url), { type: 'module', name: 'training' }),
      name: 'training',
      failed: false,
    };
    entry.worker.onerror = (event) => {
      event.preventDefault();
      entry.failed = true;
    };
    (globalThis as unknown as Record<string, EarlyWorker>)[EARLY_WORKER_KEY] = entry;
  } catch {
    // The app's client makes its own worker, or trains on the main thread.
  }
}
