/** A run-pool worker's entry: a thin hop from messages to the pool session (poolSession.ts). */
import { createPoolSession } from './poolSession';
import type { PoolCommand } from './poolProtocol';

/** The parts of the dedicated worker global this file uses (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((message: MessageEvent<PoolCommand>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const handle = createPoolSession((event) => scope.postMessage(event));
scope.onmessage = (message) => handle(message.data);
