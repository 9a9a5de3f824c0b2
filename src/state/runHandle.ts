/**
 * One training run on the main thread: its worker client, the data it needs, the acknowledgement
 * of snapshots, the protocol check, the watchdog and the one restart path. The main run is one
 * handle; compare mode is two. Owners get the worker's events and decide what the stores show;
 * the handle keeps the plumbing.
 *
 * The watchdog (src/worker/silenceWatch.ts): a worker that is silent too long while training or
 * after a command, or that does not answer Pause or Reset within a second, is ended; a new one
 * replays the run (its start settings, seed and live changes at their steps) to the step the old
 * one had reached, so the user keeps the same run, bit for bit. A crash takes the same path.
 */
import type { Settings } from '../settings/settingsTable';
import { echoedByWorker, type CheckedPatch, type CheckedSettings } from '../settings/settingsValidation';
import { TrainingClient, type ClientMode } from '../worker/client';
import { PROTOCOL_VERSION, type InitCommand, type PageCommand, type RunLogItem, type WorkerCommand, type WorkerEvent } from '../worker/protocol';
import { SilenceWatch, type WatchBounds, type WatchClock } from '../worker/silenceWatch';
import { sendTestFault, type TestFaultKind } from '../worker/testFaults';
import { sourcesFor, sourcesReady, type SourcesOutcome } from './dataSources';

/** Restarts allowed within a minute before the handle gives up (a crash loop). */
const MAX_RESTARTS_PER_MINUTE = 3;

/** What a run handle asks of its owner. */
export interface RunHandleOwner {
  /** Every event of the current worker, after the handle's own bookkeeping. */
  onEvent(event: WorkerEvent): void;
  /** The settings to rebuild the run with after a restart (the owner's current ones). */
  settingsForRestart(): CheckedSettings;
  /** The worker was replaced: `reason` says why, `next` what the new one does (both sentences). */
  onRestart(reason: string, next: string): void;
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
  /** Given to the worker (its `self.name`), e.g. "training", "compare-b". */
  name: string;
  /** The worker in the watchdog's sentences (default: "<name> worker"), e.g. "worker of run B". */
  described?: string;
  /** Train on the main thread instead of a worker (tests). */
  inline?: boolean;
  /** Makes the worker (tests pass a fake; default: the training module worker). */
  createWorker?: () => Worker;
  /** The watchdog's bounds and clock (tests; default: the product's and the page's). */
  watch?: { bounds?: WatchBounds; clock?: WatchClock };
}

/** Where a run stands, as the page heard it: what a replacement worker replays. */
interface RunTrace {
  settings: CheckedSettings;
  /** Live changes the worker reported applied, in order. */
  applied: RunLogItem[];
  /** Entries of a replayed log not applied yet (they apply at later steps). */
  queued: RunLogItem[];
  step: number;
  running: boolean;
}

/** Commands a restart must know were left unanswered, by name; Reset is not waited for (URGENT_ANSWER_MS). */
const NAMED: Partial<Record<WorkerCommand['type'], string>> = { pause: 'Pause', reset: 'Reset' };

/** The message shown when a worker from an older (cached) build answers. */
export function protocolMismatchMessage(workerProtocol: number): string {
  return `The training worker speaks protocol ${workerProtocol}, this page ${PROTOCOL_VERSION}: an old copy of the app is cached. Reload the page (or clear this site's cache) to update both.`;
}

/** One run's worker and its plumbing. */
export class RunHandle {
  private client: TrainingClient | null = null;
  private restarts: number[] = [];
  private watch: SilenceWatch | null = null;
  /** Commands sent to this worker other than ackSnapshot (its heartbeats count the handled ones). */
  private sentCount = 0;
  /**
   * Patches the current worker has not said it handled (heartbeats count handled commands): a
   * replacement gets them again after its replay, so a change made while a worker hung is not lost.
   * Sending one the old worker did apply is harmless: the same values change nothing.
   */
  private unansweredPatches: { index: number; changes: CheckedPatch }[] = [];
  /** The replay log of the last init sent, until its run is ready. */
  private initLog: RunLogItem[] | null = null;
  private trace: RunTrace | null = null;
  /** An unanswered Reset's seed when the worker was replaced (the replacement starts reset). */
  private pendingReset: { seed?: number } | null = null;
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
    this.watch?.stop();
    this.watch = null;
    this.sentCount = 0;
    this.initLog = null;
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
    // A main-thread fallback cannot be ended or replaced: it has no watchdog.
    if (client.mode === 'worker') {
      this.watch = new SilenceWatch(
        (reason) => {
          if (this.client === client) this.restart(reason);
        },
        this.options.described ?? `${this.options.name} worker`,
        this.options.watch?.bounds,
        this.options.watch?.clock,
      );
    }
    this.owner.onStarted?.(this);
  }

  /** Sends a command to the worker (dropped when stopped). Init and patch carry checked settings only. */
  send(command: PageCommand, transfer: Transferable[] = []): void {
    const client = this.client;
    if (!client) return;
    if (command.type !== 'ackSnapshot') {
      this.sentCount += 1;
      if (command.type === 'init') this.initLog = command.replayLog;
      if (command.type === 'reset') this.pendingReset = { seed: command.seed };
      if (command.type === 'patch') this.unansweredPatches.push({ index: this.sentCount, changes: command.changes as CheckedPatch });
      this.watch?.sent(this.sentCount, NAMED[command.type] ?? null, command.type === 'reset');
    }
    client.send(command, transfer);
  }

  /** Changes settings: live ones at the worker's next minibatch, others rebuild the run. */
  patch(changes: CheckedPatch): void {
    this.send({ type: 'patch', changes });
  }

  /**
   * Test builds only (the browser tests' `__TEST_FAULTS__`): makes the worker close itself or hang,
   * so the watchdog can be seen at work. A no-op in the product, whose bundle holds no fault code.
   */
  injectFault(kind: TestFaultKind): void {
    if (this.client?.mode === 'worker') sendTestFault(this.client, kind);
  }

  /**
   * Builds a run of `settings` (replaying `replayLog`): loads the data it needs first. False when
   * the data could not be had (the owner was told) or the handle is stopped.
   */
  async init(settings: CheckedSettings, replayLog: RunLogItem[] = [], resume?: InitCommand['resume']): Promise<boolean> {
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
    const command: InitCommand & { settings: CheckedSettings } = { type: 'init', protocol: PROTOCOL_VERSION, settings, sources: outcome.sources, replayLog };
    if (resume) command.resume = resume;
    this.send(command);
    return true;
  }

  /**
   * The one restart path: a crash, a fatal worker error or a silent worker ends the worker; a
   * fresh one replays the run to where it was (paused if a Pause went unanswered, from step 0 if
   * a Reset did), or builds the owner's settings when no run was built yet. Gives up after
   * MAX_RESTARTS_PER_MINUTE restarts in a minute.
   */
  restart(reason: string): void {
    const pausing = this.watch?.owes('Pause') ?? false;
    const reset = this.watch?.owes('Reset') ? this.pendingReset : null;
    // A Reset built by a fresh worker is the user's doing, not a crash: it does not count.
    if (!reset) {
      const now = Date.now();
      this.restarts = this.restarts.filter((time) => now - time < 60_000);
      this.restarts.push(now);
      if (this.restarts.length > MAX_RESTARTS_PER_MINUTE) {
        this.stop();
        this.owner.onFailed(reason, 'crashLoop');
        return;
      }
    }
    const trace = this.trace;
    this.trace = null;
    const unanswered = this.unansweredPatches.map((patch) => patch.changes);
    this.unansweredPatches = [];
    if (!trace) {
      this.owner.onRestart(reason, 'A new one is building the run from your settings.');
      this.start();
      void this.init(this.owner.settingsForRestart());
      return;
    }
    if (reset) {
      // The run's settings now: where it started, with its live changes (as the worker's reset would).
      let settings = trace.settings;
      for (const entry of trace.applied) if ('changes' in entry) settings = { ...settings, ...echoedByWorker(entry.changes) };
      for (const changes of unanswered) settings = { ...settings, ...changes };
      if (reset.seed !== undefined) settings = { ...settings, seed: reset.seed };
      this.owner.onRestart(reason, 'A new one started the run over, as Reset asks.');
      this.start();
      void this.init(settings, [], { steps: 0, play: trace.running });
      return;
    }
    const log = [...trace.applied, ...trace.queued.filter((entry) => entry.step > trace.step)];
    this.owner.onRestart(reason, `A new one replays your run (same seed, same live changes) to step ${trace.step.toLocaleString('en-US')}, where it was.`);
    this.start();
    void this.init(trace.settings, log, { steps: trace.step, play: trace.running && !pausing }).then((built) => {
      // Changes the old worker never answered apply now, at the step the run was replayed to.
      if (built) for (const changes of unanswered) this.patch(changes);
    });
  }

  /** Ends the worker at once. */
  stop(): void {
    this.client?.terminate();
    this.client = null;
    this.watch?.stop();
    this.watch = null;
  }

  /** Follows the run as the worker reports it (what a replacement replays). */
  private follow(event: WorkerEvent): void {
    if (event.type === 'ready') {
      this.trace = { settings: echoedByWorker(event.settings), applied: [], queued: this.initLog ?? [], step: 0, running: false };
      this.initLog = null;
      return;
    }
    const trace = this.trace;
    if (!trace) return;
    trace.step = event.step;
    if (event.type === 'patched') trace.applied.push(event.entry);
    else if (event.type === 'phase' || event.type === 'metrics') {
      trace.running = event.phase === 'running';
      this.watch?.setRunning(trace.running);
    }
  }

  private receive(event: WorkerEvent): void {
    this.lastHeardAt = performance.now();
    this.watch?.heard();
    this.follow(event);
    if (event.type === 'heartbeat') {
      this.watch?.answered(event.handled);
      this.unansweredPatches = this.unansweredPatches.filter((patch) => patch.index > event.handled);
      return;
    }
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
