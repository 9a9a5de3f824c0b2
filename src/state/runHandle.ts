/**
 * One training run on the main thread: its worker client, the data it needs, the acknowledgement
 * of snapshots, the protocol check and the one restart path. The main run is one handle; compare
 * mode is two. Owners get the worker's events and decide what the stores show; the handle keeps
 * the plumbing. It records when its worker last spoke, so a watchdog can later call `restart`.
 */
import type { Settings } from '../settings/settingsTable';
import { TrainingClient, type ClientMode } from '../worker/client';
import { PROTOCOL_VERSION, type RunLogItem, type WorkerCommand, type WorkerEvent } from '../worker/protocol';
import { sourcesFor, sourcesReady, type SourcesOutcome } from './dataSources';

/** Restarts allowed within a minute before the handle gives up (a crash loop). */
const MAX_RESTARTS_PER_MINUTE = 3;

/** What a run handle asks of its owner. */
export interface RunHandleOwner {
  /** Every event of the current worker, after the handle's own bookkeeping. */
  onEvent(event: WorkerEvent): void;
  /** The settings to rebuild the run with after a restart (the owner's current ones). */
  settingsForRestart(): Settings;
  /** The worker was restarted (`reason` says why); the run is being rebuilt. */
  onRestart(reason: string): void;
  /** The handle stopped for good: a crash loop, or a worker that speaks another protocol. */
  onFailed(reason: string, cause: 'crashLoop' | 'protocol'): void;
  /** The data needed for `settings` could not be had; the run was not built. */
  onSourcesMissing?(outcome: Exclude<SourcesOutcome, { ok: true }>, settings: Settings): void;
  /** Loading the digits: the share done, or null when unknown or finished. */
  onLoading?(share: number | null): void;
  /** A fresh worker started (resend pace and other per-worker state here). */
  onStarted?(handle: RunHandle): void;
}

/** Options of a run handle. */
export interface RunHandleOptions {
  /** Shown in messages and given to the worker (its `self.name`), e.g. "training", "compare-b". */
  name: string;
  /** Train on the main thread instead of a worker (tests). */
  inline?: boolean;
  /** Makes the worker (tests pass a fake; default: the training module worker). */
  createWorker?: () => Worker;
}

/** The message shown when a worker from an older (cached) build answers. */
export function protocolMismatchMessage(workerProtocol: number): string {
  return `The training worker speaks protocol ${workerProtocol}, this page ${PROTOCOL_VERSION}: an old copy of the app is cached. Reload the page (or clear this site's cache) to update both.`;
}

/** One run's worker and its plumbing. */
export class RunHandle {
  private client: TrainingClient | null = null;
  private restarts: number[] = [];
  /** When the worker last sent an event (performance.now() milliseconds), or null before any. */
  lastHeardAt: number | null = null;

  constructor(
    private readonly owner: RunHandleOwner,
    private readonly options: RunHandleOptions,
  ) {}

  /** Whether a worker is running. */
  get active(): boolean {
    return this.client !== null;
  }

  /** A worker or the main-thread fallback; null when stopped. */
  get mode(): ClientMode | null {
    return this.client?.mode ?? null;
  }

  /** Starts a fresh worker (ending any previous one). */
  start(): void {
    this.client?.terminate();
    const client: TrainingClient = new TrainingClient(
      {
        onEvent: (event) => {
          if (this.client === client) this.receive(event);
        },
        onCrash: (message) => {
          if (this.client === client) this.restart(message);
        },
      },
      { inline: this.options.inline, name: this.options.name, createWorker: this.options.createWorker },
    );
    this.client = client;
    this.lastHeardAt = null;
    this.owner.onStarted?.(this);
  }

  /** Sends a command to the worker (dropped when stopped). */
  send(command: WorkerCommand, transfer: Transferable[] = []): void {
    this.client?.send(command, transfer);
  }

  /**
   * Builds a run of `settings` (replaying `replayLog`): loads the data it needs first. False when
   * the data could not be had (the owner was told) or the handle is stopped.
   */
  async init(settings: Settings, replayLog: RunLogItem[] = []): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    const loading = !sourcesReady(settings);
    if (loading) this.owner.onLoading?.(0);
    const outcome = await sourcesFor(settings, (share) => this.owner.onLoading?.(share));
    if (loading) this.owner.onLoading?.(null);
    if (!outcome.ok) {
      this.owner.onSourcesMissing?.(outcome, settings);
      return false;
    }
    // Stopped or restarted while the data loaded: that worker is gone, and a restart builds its own run.
    if (this.client !== client) return false;
    client.send({ type: 'init', protocol: PROTOCOL_VERSION, settings, sources: outcome.sources, replayLog });
    return true;
  }

  /**
   * The one restart path: a crash, a fatal worker error (or, later, a silent worker) ends the
   * worker and rebuilds the run from the owner's settings in a fresh one. Gives up after
   * MAX_RESTARTS_PER_MINUTE restarts in a minute.
   */
  restart(reason: string): void {
    const now = Date.now();
    this.restarts = this.restarts.filter((time) => now - time < 60_000);
    this.restarts.push(now);
    if (this.restarts.length > MAX_RESTARTS_PER_MINUTE) {
      this.stop();
      this.owner.onFailed(reason, 'crashLoop');
      return;
    }
    this.owner.onRestart(reason);
    this.start();
    void this.init(this.owner.settingsForRestart());
  }

  /** Ends the worker at once. */
  stop(): void {
    this.client?.terminate();
    this.client = null;
  }

  private receive(event: WorkerEvent): void {
    this.lastHeardAt = performance.now();
    const workerProtocol = event.type === 'ready' ? event.protocol : event.type === 'error' ? event.workerProtocol : undefined;
    if (workerProtocol !== undefined && workerProtocol !== PROTOCOL_VERSION) {
      this.stop();
      this.owner.onFailed(protocolMismatchMessage(workerProtocol), 'protocol');
      return;
    }
    if (event.type === 'error' && !event.recoverable) {
      this.restart(event.message);
      return;
    }
    this.owner.onEvent(event);
    if (event.type === 'snapshot') {
      // Acknowledge after the next frame: the worker sends no faster than the page draws.
      const client = this.client;
      const ack = () => {
        if (this.client === client) client?.send({ type: 'ackSnapshot', id: event.id });
      };
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(ack);
      else setTimeout(ack, 16);
    }
  }
}
