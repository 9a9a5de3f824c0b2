/**
 * A sweep pool worker: a thin switch that trains one job at a time with `runSweepJob` (the same
 * headless code as replay) and posts a heartbeat while it works, then the result.
 */
import type { DataSources } from '../worker/protocol';
import { runSweepJob } from './runSweepJob';
import { HEARTBEAT_MS, SWEEP_PROTOCOL_VERSION, type SweepRunCommand, type SweepWorkerEvent } from './sweepProtocol';

/** The parts of the dedicated worker global this file uses (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: SweepWorkerEvent, transfer: Transferable[]): void;
  onmessage: ((message: MessageEvent<SweepRunCommand>) => void) | null;
}
const scope = self as unknown as WorkerScope;
let sources: DataSources = {};

scope.onmessage = (message) => {
  const command = message.data;
  if (command.protocol !== SWEEP_PROTOCOL_VERSION) {
    scope.postMessage({ type: 'error', jobId: command.job?.id ?? -1, message: `Sweep worker protocol ${SWEEP_PROTOCOL_VERSION}, page sent ${String(command.protocol)}: reload the page.` }, []);
    return;
  }
  if (command.sources) sources = command.sources;
  try {
    const result = runSweepJob(command.job, sources, { intervalMs: HEARTBEAT_MS, now: () => performance.now(), beat: (progress) => scope.postMessage({ type: 'heartbeat', ...progress }, []) });
    const grid = result.picture?.grid.values;
    scope.postMessage({ type: 'result', result }, grid ? [grid.buffer as ArrayBuffer] : []);
  } catch (error) {
    scope.postMessage({ type: 'error', jobId: command.job.id, message: error instanceof Error ? error.message : String(error) }, []);
  }
};
