/**
 * The training worker that the page's first script (src/earlyStart.ts) may have started while the
 * app's own bundle was still loading: the worker's download, compile and start then overlap the
 * app's instead of following them (time to ready). The first training client adopts it
 * (client.ts); until then it only waits, since a worker does nothing before its first command.
 *
 * The first script hands it over on the window under EARLY_WORKER_KEY rather than through a shared
 * module: a module both scripts import would become a chunk the first script has to fetch before
 * it can run, behind the app's own files.
 */

/** Creates the real module worker (`name` becomes its `self.name`). Vite bundles it as its own chunk. */
export function createTrainingWorker(name: string): Worker {
  return new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name });
}

/** Where src/earlyStart.ts leaves the worker (the same string is written there). */
export const EARLY_WORKER_KEY = '__regularizationPlaygroundEarlyWorker';

/** What the first script leaves: the worker, its name, and whether it failed to load before anyone listened. */
export interface EarlyWorker {
  worker: Worker;
  name: string;
  failed: boolean;
}

type Holder = Record<typeof EARLY_WORKER_KEY, EarlyWorker | undefined>;

function holder(): Holder {
  return globalThis as unknown as Holder;
}

/** The early worker for a client asking for `name`, once; null when there is none, it is another's, or it failed. */
export function takeEarlyWorker(name: string): Worker | null {
  const entry = holder()[EARLY_WORKER_KEY];
  if (!entry || entry.name !== name) return null;
  holder()[EARLY_WORKER_KEY] = undefined;
  entry.worker.onerror = null;
  if (!entry.failed) return entry.worker;
  entry.worker.terminate();
  return null;
}

/** Ends an early worker nobody adopted (a page that starts no run: a refused frame, an embed). */
export function discardEarlyWorker(): void {
  holder()[EARLY_WORKER_KEY]?.worker.terminate();
  holder()[EARLY_WORKER_KEY] = undefined;
}
