/**
 * What a pool worker does with its messages, without the Worker (so Node tests drive it): one run
 * at a time (the pool sends one per lane), trained in slices so a cancel gets in.
 */
import type { DataSources } from '../run/runLog';
import type { CancelToken, SliceHost } from '../run/trainInSlices';
import { POOL_JOB_KINDS } from './poolJobs';
import { POOL_PROTOCOL_VERSION, type PoolCommand, type PoolEvent } from './poolProtocol';
import { HEARTBEAT_MS } from './protocol';

/** Handles pool commands, posting events through `post`. */
export function createPoolSession(post: (event: PoolEvent) => void, host?: SliceHost): (command: PoolCommand) => void {
  const tokens = new Map<number, CancelToken>();
  // The data sources the page last sent: requests travel without them (poolProtocol.ts).
  let sources: DataSources = {};
  return (command) => {
    if (command.type === 'cancel') {
      const token = tokens.get(command.id);
      if (token) token.cancelled = true;
      return;
    }
    if (command.protocol !== POOL_PROTOCOL_VERSION) {
      post({ type: 'failed', id: command.id, message: `The page speaks pool protocol ${command.protocol}, the worker ${POOL_PROTOCOL_VERSION}: reload the page.` });
      return;
    }
    if (command.sources) sources = command.sources;
    const token: CancelToken = { cancelled: false };
    tokens.set(command.id, token);
    const now = host ? () => host.now() : () => performance.now();
    let lastPostAt = now();
    const send = (event: PoolEvent) => {
      lastPostAt = now();
      post(event);
    };
    const tick = () => {
      if (now() - lastPostAt >= HEARTBEAT_MS) send({ type: 'heartbeat', id: command.id });
    };
    const kind = POOL_JOB_KINDS[command.job.kind];
    kind.train({ ...command.job.request, sources } as never, { token, host, tick, onProgress: (progress) => send({ type: 'progress', id: command.id, progress }) }).then(
      (result) => post({ type: 'done', id: command.id, result }),
      (error: unknown) => post({ type: 'failed', id: command.id, message: error instanceof Error ? error.message : String(error) }),
    ).finally(() => tokens.delete(command.id));
  };
}
