/**
 * The main thread's typed handle on the training worker. If the worker cannot start, it falls back
 * to running the same session on the main thread (slower, but the page still trains); if the
 * worker crashes, it reports why so the run handle (src/state/runHandle.ts) can restart it.
 */
import type { PageCommand, WorkerCommand, WorkerEvent } from './protocol';
import { createTrainingWorker, takeEarlyWorker } from './earlyWorker';

/** What the client reports to its owner. */
export interface ClientHandlers {
  onEvent(event: WorkerEvent): void;
  /** The worker died (uncaught error, failed to load); the client is unusable until restarted. */
  onCrash(message: string): void;
}

/** Anything that accepts commands like a Worker does. */
interface CommandPort {
  postMessage(command: WorkerCommand, transfer: Transferable[]): void;
  terminate(): void;
}

/** The real module worker: the one the page started early (earlyWorker.ts) if it is this one's, else a new one. */
function createModuleWorker(name: string): Worker {
  return takeEarlyWorker(name) ?? createTrainingWorker(name);
}

/**
 * Runs the session on the main thread, with the same message interface (the fallback). The
 * engine is loaded only then, so it stays out of the page's initial JavaScript.
 */
function createInlinePort(handlers: ClientHandlers): CommandPort {
  let disposed = false;
  const waiting: WorkerCommand[] = [];
  let handle: ((command: WorkerCommand) => void) | null = null;
  void import('./session').then(
    ({ TrainingSession }) => {
      const session = new TrainingSession({
        post: (event) => {
          if (!disposed) queueMicrotask(() => handlers.onEvent(event));
        },
        now: () => performance.now(),
        schedule: (callback, delayMs) => {
          setTimeout(() => {
            if (!disposed) callback();
          }, delayMs);
        },
      });
      handle = (command) => session.handle(command);
      for (const command of waiting.splice(0)) handle(command);
    },
    (error: unknown) => handlers.onCrash(`The training engine could not be loaded: ${error instanceof Error ? error.message : String(error)}`),
  );
  return {
    postMessage: (command) => {
      if (disposed) return;
      if (handle) handle(command);
      else waiting.push(command);
    },
    terminate: () => {
      disposed = true;
    },
  };
}

/** Whether this client runs in a real worker or inline on the main thread. */
export type ClientMode = 'worker' | 'inline';

/** The typed client. */
export class TrainingClient {
  private port: CommandPort;
  readonly mode: ClientMode;

  constructor(
    private readonly handlers: ClientHandlers,
    options: { inline?: boolean; name?: string; createWorker?: () => Worker } = {},
  ) {
    if (!options.inline && typeof Worker !== 'undefined') {
      try {
        const worker = options.createWorker ? options.createWorker() : createModuleWorker(options.name ?? 'training');
        worker.onmessage = (message: MessageEvent<WorkerEvent>) => this.handlers.onEvent(message.data);
        worker.onerror = (event: ErrorEvent) => {
          event.preventDefault();
          this.handlers.onCrash(event.message || 'The training worker failed to start or crashed.');
        };
        worker.onmessageerror = () => this.handlers.onCrash('A message from the training worker could not be read.');
        this.port = worker;
        this.mode = 'worker';
        return;
      } catch (error) {
        console.warn('Training worker unavailable, training on the main thread instead:', error);
      }
    }
    this.port = createInlinePort(handlers);
    this.mode = 'inline';
  }

  /** Sends a command (init and patch carry checked settings only); typed arrays in `transfer` move to the worker. */
  send(command: PageCommand, transfer: Transferable[] = []): void {
    this.port.postMessage(command, transfer);
  }

  /** Ends the worker at once. */
  terminate(): void {
    this.port.terminate();
  }
}
