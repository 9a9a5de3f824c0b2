/**
 * Faults for the browser tests: a worker that closes itself or hangs, so the watchdog
 * (silenceWatch.ts) can be seen at work. All of it sits behind `__TEST_FAULTS__`, a build-time
 * constant that is true only in the build the browser tests use (`vite build --mode e2e`, see
 * vite.config.ts and scripts/e2e.mjs); in the product it is false, the minifier drops every branch
 * below, and test/unit/worker/testFaultsBundle.test.ts checks the built bundle holds none of it.
 * Nothing here is reachable from a link or an embed message: only a page global in test builds.
 */
import { SILENCE_BOUND_MS } from './silenceWatch';

declare const __TEST_FAULTS__: boolean;

/** `close`: the worker calls self.close() (no error, no message: it just stops); `hang`: it spins. */
export type TestFaultKind = 'close' | 'hang';

/** How long a hung worker spins: three times the silence bound (the watchdog must not wait it out). */
export const HANG_MS = 3 * SILENCE_BOUND_MS;

/** Whether this build carries the test faults. */
export function testFaultsBuilt(): boolean {
  return __TEST_FAULTS__;
}

/** Sends the fault message to a worker client (test builds only). */
export function sendTestFault(client: { send(command: never): void }, kind: TestFaultKind): void {
  if (!__TEST_FAULTS__) return;
  client.send({ type: 'testFault', kind } as never);
}

/** In the worker: acts on a fault message and says so (test builds only; false for anything else). */
export function handleTestFault(data: unknown, scope: { close(): void }): boolean {
  if (!__TEST_FAULTS__) return false;
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'testFault') return false;
  const kind = (data as { kind?: unknown }).kind;
  if (kind === 'close') scope.close();
  else if (kind === 'hang') {
    const end = performance.now() + HANG_MS;
    while (performance.now() < end) {
      // Spin: no message in or out until the watchdog ends this worker.
    }
  }
  return true;
}

/** On the page: `window.__playgroundTestFault(kind)` reaches `inject` (test builds only). */
export function exposeTestFaults(inject: (kind: TestFaultKind) => void): void {
  if (!__TEST_FAULTS__) return;
  (globalThis as { __playgroundTestFault?: (kind: TestFaultKind) => void }).__playgroundTestFault = (kind) => {
    if (kind === 'close' || kind === 'hang') inject(kind);
  };
}
