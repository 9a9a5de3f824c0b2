/**
 * The training worker's entry: a thin switch from messages to the session. All logic lives in
 * session.ts, which runs (and is tested) without a Worker.
 */
import { TrainingSession } from './session';
import type { WorkerCommand, WorkerEvent } from './protocol';
import { handleTestFault } from './testFaults';

/** The parts of the dedicated worker global this file uses (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  close(): void;
  onmessage: ((message: MessageEvent<WorkerCommand>) => void) | null;
}
const scope = self as unknown as WorkerScope;

// A MessageChannel hop schedules the next slice without setTimeout's 4 ms clamp, and lets
// incoming commands (pause, patch) run between slices.
const channel = new MessageChannel();
const queue: (() => void)[] = [];
channel.port1.onmessage = () => queue.shift()?.();

const session = new TrainingSession({
  post: (event: WorkerEvent, transfer?: Transferable[]) => scope.postMessage(event, transfer ?? []),
  now: () => performance.now(),
  schedule: (callback, delayMs) => {
    if (delayMs > 0) setTimeout(callback, delayMs);
    else {
      queue.push(callback);
      channel.port2.postMessage(null);
    }
  },
});

scope.onmessage = (message) => {
  // Browser-test builds only: a fault message (testFaults.ts); always false in the product.
  if (handleTestFault(message.data, scope)) return;
  session.handle(message.data);
};
