/**
 * What a pool worker does with its messages, without the Worker (so Node tests drive it): one run
 * at a time (the pool sends one per lane), trained in slices so a cancel gets in.
 */
import { trainInSlices, type CancelToken, type SliceHost } from '../run/trainInSlices';
import { POOL_PROTOCOL_VERSION, type PoolCommand, type PoolEvent } from './poolProtocol';
import { HEARTBEAT_MS } from './protocol';

/** Handles pool commands, posting events through `post`. */
export function createPoolSession(post: (event: PoolEvent) => void, host?: SliceHost): (command: PoolCommand) => void {
  const tokens = new Map<number, CancelToken>();
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
    trainInSlices(command.request, { token, host, tick, onEpoch: (metrics) => send({ type: 'epoch', id: command.id, metrics }) }).then(
      (result) => post({ type: 'done', id: command.id, result }),
      (error: unknown) => post({ type: 'failed', id: command.id, message: error instanceof Error ? error.message : String(error) }),
    ).finally(() => tokens.delete(command.id));
  };
}
