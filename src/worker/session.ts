/**
 * The training session the worker drives: builds a run (src/run) from settings, trains it in time
 * slices, applies live patches at minibatch boundaries, and posts telemetry at bounded rates. The
 * run and its step loop are the run builder's; the session adds only scheduling and telemetry.
 * It knows nothing of `self` or `postMessage`: `post`, the clock and the scheduler are injected,
 * so tests drive it with a fake clock and no Worker.
 */
import type { EpochMetrics, Trainer } from '../engine';
import { datasetForPreview, type Dataset } from '../data';
import { SETTING_BY_KEY, type SettingKey, type Settings } from '../settings/settingsTable';
import { isSettingKey } from '../settings/settingsValidation';
import { describeChange } from '../settings/describeChange';
import { buildRun, type AppliedEntry, type Run } from '../run/run';
import { gridInputs } from './grid';
import { datasetInfo, SAMPLE_IMAGES } from './datasetInfo';
import {
  HEARTBEAT_MS,
  PROTOCOL_VERSION,
  type DataSources,
  type PredictionGrid,
  type RunLogEntry,
  type RunLogItem,
  type RunPhase,
  type SnapshotEvent,
  type Speed,
  type WorkerCommand,
  type WorkerEvent,
} from './protocol';
import { snapshotTransferList } from './transfer';
import { scoreTestSet } from '../run/testFigures';

/** What the session needs from its host (the worker global, or a test). */
export interface SessionHost {
  post(event: WorkerEvent, transfer?: Transferable[]): void;
  /** Milliseconds, monotonic. */
  now(): number;
  /** Run `callback` after `delayMs` (0 = as soon as the host's queue allows). */
  schedule(callback: () => void, delayMs: number): void;
}

/** Pacing knobs; the defaults are the product's (tests may shrink them). */
export interface SessionTiming {
  /** Training time per slice, so a pause or patch waits at most this long. */
  sliceMs: number;
  /** Minimum time between metrics events. */
  metricsIntervalMs: number;
  /** Minimum time between snapshots (~15 a second). */
  snapshotIntervalMs: number;
  /** Most finished epochs in one metrics event: a full batch is posted at once (none is dropped). */
  maxEpochsPerEvent: number;
}

/** The product's pacing. */
export const DEFAULT_TIMING: SessionTiming = {
  sliceMs: 10,
  metricsIntervalMs: 100,
  snapshotIntervalMs: 66,
  maxEpochsPerEvent: 500,
};


/** Keys whose change rebuilds the network (the rest are live or regenerate data). */
function effectOf(keys: SettingKey[]): 'live' | 'model' | 'data' {
  let effect: 'live' | 'model' | 'data' = 'live';
  for (const key of keys) {
    const rowEffect = SETTING_BY_KEY[key].effect;
    if (rowEffect === 'data') return 'data';
    if (rowEffect === 'model') effect = 'model';
  }
  return effect;
}

/** One training run at a time, driven by commands. */
export class TrainingSession {
  private run: Run | null = null;
  private sources: DataSources = {};
  private runId = 0;
  private phase: RunPhase = 'idle';
  /** Remaining minibatches of a Step command, or 'epoch' to stop at the next epoch end. */
  private stepBudget: number | 'epoch' | null = null;
  private speed: Speed = { stepsPerSecond: null };
  /** Token bucket for a speed cap: steps allowed now. */
  private stepTokens = 0;
  private lastTokenTime = 0;
  private loopScheduled = false;
  private pendingEpochs: EpochMetrics[] = [];
  private lastBatchLoss = NaN;
  private lastMetricsTime = -Infinity;
  private lastSnapshotTime = -Infinity;
  private snapshotInFlight: number | null = null;
  private nextSnapshotId = 1;
  private snapshotDirty = false;
  /** Steps per second, measured over about a second of training. */
  private rateWindowStart = 0;
  private rateWindowSteps = 0;
  private stepsPerSecond = 0;
  private confusionEpoch = -1;
  private confusion: Uint32Array | null = null;
  private grid: ReturnType<typeof gridInputs> = null;
  /** Per-layer figures of the latest finished epoch (gradient norms for the snapshot). */
  private lastLayerMetrics: EpochMetrics['layers'] = [];
  /** Commands other than ackSnapshot handled so far (each heartbeat carries it). */
  private handled = 0;
  /** When the session last posted anything (host.now()). */
  private lastPostAt = -Infinity;
  /** Training to a restarted run's step at full speed (an init's `resume`); then pause or play on. */
  private catchingUp = false;
  /**
   * Changes that came while catching up (a replacement worker replaying a run): they apply where
   * the catch-up ends, at the step the run was at when they were made, not partway through it.
   */
  private deferredPatches: Partial<Settings>[] = [];
  private playAfterCatchUp = false;
  /** Passed into the run: speaks up during long inference passes (one call can outlast a slice). */
  private readonly tick = (): void => {
    if (this.host.now() - this.lastPostAt >= HEARTBEAT_MS) this.beat();
  };

  constructor(
    private readonly host: SessionHost,
    private readonly timing: SessionTiming = DEFAULT_TIMING,
  ) {}

  /** The run log so far (for tests and exports). */
  log(): RunLogItem[] {
    return this.run?.log() ?? [];
  }

  private get trainer(): Trainer | null {
    return this.run?.trainer ?? null;
  }

  private get dataset(): Dataset | null {
    return this.run?.dataset ?? null;
  }

  private get settings(): Settings | null {
    return this.run?.settings ?? null;
  }

  /** Dispatches one command. Never throws: failures become `error` or `refused` events. */
  handle(command: WorkerCommand): void {
    const answers = command.type !== 'ackSnapshot';
    if (answers) this.handled += 1;
    try {
      this.dispatch(command);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'error', message, recoverable: this.trainer !== null, ...this.stamp() });
    }
    // Every command is answered, even one that changed nothing: the page's watchdog waits for it.
    if (answers) this.beat();
  }

  /** "Still here", with the count of commands handled. */
  private beat(): void {
    this.post({ type: 'heartbeat', handled: this.handled, ...this.stamp() });
  }

  private dispatch(command: WorkerCommand): void {
    switch (command.type) {
      case 'init':
        if (command.protocol !== PROTOCOL_VERSION) {
          this.post({ type: 'error', message: `The page speaks protocol ${command.protocol}, the worker ${PROTOCOL_VERSION}: reload the page.`, recoverable: false, workerProtocol: PROTOCOL_VERSION, step: 0, epoch: 0 });
          return;
        }
        this.sources = command.sources;
        this.build(command.settings, 'New run');
        this.run?.queueReplay(command.replayLog);
        if (command.resume) this.resume(command.resume.steps, command.resume.play);
        return;
      case 'play':
        return this.play();
      case 'pause':
        return this.pause();
      case 'step':
        return this.stepBy(command.unit, command.count);
      case 'reset':
        if (!this.settings) return this.refuse('Nothing to reset yet.');
        this.build(command.seed === undefined ? this.settings : { ...this.settings, seed: command.seed }, command.seed === undefined ? 'Reset: same seed' : `Reset: new seed ${command.seed}`);
        return;
      case 'patch':
        return this.patch(command.changes);
      case 'speed':
        this.speed = command.speed;
        this.stepTokens = 0;
        this.lastTokenTime = this.host.now();
        return;
      case 'restoreBest':
        return this.restoreBest();
      case 'revealTest':
        if (!this.trainer || !this.dataset) return this.refuse('Nothing to test yet.');
        this.post({ type: 'testFigures', runId: this.runId, figures: scoreTestSet(this.trainer, this.dataset), ...this.stamp() });
        return;
      case 'ackSnapshot':
        if (this.snapshotInFlight === command.id) this.snapshotInFlight = null;
        if (this.snapshotDirty && this.phase !== 'running') this.maybeSnapshot(true);
        return;
      case 'unitActivation':
        return this.unitActivation(command.requestId, command.layer, command.unit);
      case 'dispose':
        this.setPhase('idle', false);
        this.run = null;
        return;
    }
  }

  // ------------------------------------------------------------------ building

  /** (Re)builds data and network. Keeps playing if it was playing. */
  private build(settings: Settings, reason: string): void {
    const wasRunning = this.phase === 'running';
    const run = buildRun(settings, this.sources, { tick: this.tick });
    const dataset = run.dataset;
    this.run = run;
    this.runId += 1;
    this.pendingEpochs = [];
    this.lastBatchLoss = NaN;
    this.stepBudget = null;
    this.snapshotInFlight = null;
    this.confusionEpoch = -1;
    this.confusion = null;
    this.grid = gridInputs(dataset);
    this.lastLayerMetrics = [];
    this.catchingUp = false;
    this.deferredPatches = [];
    this.phase = 'idle';
    this.post({ type: 'ready', protocol: PROTOCOL_VERSION, runId: this.runId, dataset: datasetInfo(dataset, settings), settings, reason, preview: datasetForPreview(dataset), step: 0, epoch: 0 });
    for (const adjustment of dataset.adjustments) this.refuse(adjustment);
    this.snapshotDirty = true;
    this.maybeSnapshot(true);
    if (wasRunning) this.play();
    else this.post({ type: 'phase', runId: this.runId, phase: 'idle', step: 0, epoch: 0 });
  }

  // ------------------------------------------------------------------ run control

  /** Trains to `steps` at full speed (a restarted worker catching up), then pauses or plays on. */
  private resume(steps: number, play: boolean): void {
    const remaining = Math.floor(steps) - (this.trainer?.stepCount ?? 0);
    if (remaining <= 0) {
      if (play) this.play();
      return;
    }
    this.stepBy('batch', remaining);
    this.catchingUp = true;
    this.playAfterCatchUp = play;
  }

  private play(): void {
    this.endCatchUp();
    const trainer = this.trainer;
    if (!trainer) return this.refuse('Nothing to train yet.');
    if (trainer.diverged) return this.refuse('This run diverged. Reset it (maybe with a smaller learning rate) to train again.');
    if (trainer.stoppedEarly) trainer.resumeAfterStop();
    this.stepBudget = null;
    this.setPhase('running', true);
  }

  private pause(): void {
    this.endCatchUp();
    if (!this.trainer) return;
    this.stepBudget = null;
    if (this.phase === 'running') this.setPhase('paused', true);
  }

  private stepBy(unit: 'batch' | 'epoch', count: number): void {
    this.endCatchUp();
    const trainer = this.trainer;
    if (!trainer) return this.refuse('Nothing to train yet.');
    if (trainer.diverged) return this.refuse('This run diverged. Reset it to train again.');
    if (trainer.stoppedEarly) trainer.resumeAfterStop();
    this.stepBudget = unit === 'epoch' ? 'epoch' : Math.max(1, Math.floor(count));
    this.setPhase('running', true);
  }

  private setPhase(phase: RunPhase, startLoop: boolean): void {
    const changed = phase !== this.phase;
    this.phase = phase;
    if (phase === 'running') {
      this.rateWindowStart = this.host.now();
      this.rateWindowSteps = 0;
      this.lastTokenTime = this.host.now();
      this.stepTokens = 0;
      if (startLoop) this.scheduleLoop(0);
    } else {
      this.flushMetrics();
      this.maybeSnapshot(true);
    }
    if (changed) this.post({ type: 'phase', runId: this.runId, phase, ...this.stamp() });
  }

  private scheduleLoop(delayMs: number): void {
    if (this.loopScheduled) return;
    this.loopScheduled = true;
    const runId = this.runId;
    this.host.schedule(() => {
      this.loopScheduled = false;
      if (runId !== this.runId && this.phase !== 'running') return;
      this.runSlice();
    }, delayMs);
  }

  /** Trains for one slice of time (or until a step budget, a stop or a divergence). */
  private runSlice(): void {
    const trainer = this.trainer;
    if (!trainer || this.phase !== 'running') return;
    const start = this.host.now();
    let waitMs = 0;
    while (this.phase === 'running') {
      if (this.speed.stepsPerSecond !== null && !this.catchingUp) {
        const now = this.host.now();
        this.stepTokens = Math.min(this.stepTokens + ((now - this.lastTokenTime) / 1000) * this.speed.stepsPerSecond, Math.max(1, this.speed.stepsPerSecond / 20));
        this.lastTokenTime = now;
        if (this.stepTokens < 1) {
          waitMs = ((1 - this.stepTokens) / this.speed.stepsPerSecond) * 1000;
          break;
        }
        this.stepTokens -= 1;
      }
      for (const applied of this.run!.applyDueReplay()) this.reportApplied(applied);
      if (!this.trainOneStep()) break;
      if (this.stepBudget !== null) {
        if (this.stepBudget === 'epoch') {
          if (trainer.stepCount % trainer.stepsPerEpoch === 0 || this.pendingEpochs.length > 0) this.finishStepCommand();
        } else {
          this.stepBudget -= 1;
          if (this.stepBudget <= 0) this.finishStepCommand();
        }
      }
      if (this.host.now() - start >= this.timing.sliceMs) break;
    }
    const now = this.host.now();
    if (now - this.rateWindowStart >= 1000) {
      this.stepsPerSecond = (this.rateWindowSteps * 1000) / (now - this.rateWindowStart);
      this.rateWindowStart = now;
      this.rateWindowSteps = 0;
    }
    if (now - this.lastMetricsTime >= this.timing.metricsIntervalMs) this.flushMetrics();
    this.maybeSnapshot(false);
    if (now - this.lastPostAt >= HEARTBEAT_MS) this.beat();
    // A slow pace waits between steps; wake at least once a heartbeat to say so.
    if (this.phase === 'running') this.scheduleLoop(Math.min(Math.ceil(waitMs), HEARTBEAT_MS));
  }

  private finishStepCommand(): void {
    this.stepBudget = null;
    const playOn = this.catchingUp && this.playAfterCatchUp;
    this.endCatchUp();
    if (!playOn) this.setPhase('paused', false);
  }

  /** Ends a catch-up (done, or cut short by the user) and applies the changes that waited for it. */
  private endCatchUp(): void {
    if (!this.catchingUp) return;
    this.catchingUp = false;
    const deferred = this.deferredPatches;
    this.deferredPatches = [];
    for (const changes of deferred) this.patch(changes);
  }

  /** One minibatch; false when training cannot go on (diverged, stopped). */
  private trainOneStep(): boolean {
    const { result, epochs } = this.run!.step();
    this.rateWindowSteps += 1;
    this.lastBatchLoss = result.batchLoss;
    this.snapshotDirty = true;
    if (result.epochMetrics) {
      this.lastLayerMetrics = result.epochMetrics.layers;
      this.pendingEpochs.push(result.epochMetrics);
      // Dropping the oldest here made the page's history depend on how fast the loop ran (the same
      // seed gave lesson checks different epochs to judge): a full batch goes out now instead.
      if (this.pendingEpochs.length >= this.timing.maxEpochsPerEvent) this.flushMetrics();
    }
    for (const event of result.events) {
      this.post({ type: 'earlyStopping', runId: this.runId, event, step: result.step, epoch: result.epoch });
    }
    if (result.diverged) {
      this.flushMetrics();
      this.post({ type: 'diverged', runId: this.runId, info: result.diverged, step: result.step, epoch: result.epoch });
      this.stepBudget = null;
      this.setPhase('diverged', false);
      return false;
    }
    if (result.stopped) {
      // The stop restored the best weights: the run adds their figures after the last epoch's.
      this.pendingEpochs.push(...epochs.slice(result.epochMetrics ? 1 : 0));
      this.stepBudget = null;
      this.setPhase('stopped', false);
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ live changes

  /**
   * A change of settings. The values were validated where they entered the page (the run handle
   * takes checked settings only), so the session checks no ranges again: only the message's shape,
   * refusing names that are not settings. A value that breaks the engine anyway (a bug) ends as a
   * refusal (the engine throws) or a divergence (NaN), never as a dead worker.
   */
  private patch(raw: Partial<Settings>): void {
    if (!this.run) return this.refuse('Nothing to change yet: the run is still being built.');
    if (this.catchingUp) {
      this.deferredPatches.push(raw);
      return;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return this.refuse('A settings change must be an object of name: value pairs.');
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (isSettingKey(key)) patch[key] = value;
      else this.refuse(`Unknown setting "${key.slice(0, 40)}" ignored.`);
    }
    const keys = (Object.keys(patch) as SettingKey[]).filter((key) => JSON.stringify(patch[key]) !== JSON.stringify(this.settings![key]));
    if (keys.length === 0) return;
    const changes: Partial<Settings> = {};
    for (const key of keys) (changes as Record<string, unknown>)[key] = patch[key];
    const effect = effectOf(keys);
    if (effect !== 'live') {
      const what = describeChange(changes);
      try {
        this.build({ ...this.settings!, ...changes } as Settings, effect === 'data' ? `New data: ${what}` : `Network rebuilt: ${what}`);
      } catch (error) {
        this.refuse(error instanceof Error ? error.message : String(error));
      }
      return;
    }
    this.applyLive(changes);
  }

  /** Patches the running trainer; refuses (and keeps the old settings) if the engine says no. */
  private applyLive(changes: Partial<Settings>): void {
    let entry: RunLogEntry;
    try {
      entry = this.run!.applyLive(changes);
    } catch (error) {
      return this.refuse(error instanceof Error ? error.message : String(error));
    }
    this.reportApplied({ kind: 'live', entry });
  }

  private restoreBest(): void {
    if (!this.run) return;
    const restored = this.run.restoreBest();
    if (!restored) return this.refuse('No best weights saved yet: early stopping keeps them while it and "Restore best weights" are on; train a few epochs first.');
    this.reportApplied(restored);
  }

  /** Tells the page about a live change or a restore (from the user or from a replayed log). */
  private reportApplied(applied: AppliedEntry): void {
    if (applied.kind === 'refused') return this.refuse(applied.message);
    if (applied.kind === 'live') {
      const entry = applied.entry;
      this.snapshotDirty = true;
      this.post({ type: 'patched', runId: this.runId, entry, step: entry.step, epoch: entry.epoch });
      if (this.phase !== 'running') this.maybeSnapshot(true);
      return;
    }
    this.post({ type: 'earlyStopping', runId: this.runId, event: applied.event, ...this.stamp() });
    this.post({ type: 'patched', runId: this.runId, entry: applied.entry, ...this.stamp() });
    // Show the restored weights' figures at once.
    this.pendingEpochs.push(applied.metrics);
    this.flushMetrics();
    this.snapshotDirty = true;
    this.maybeSnapshot(true);
  }

  // ------------------------------------------------------------------ telemetry

  private stamp(): { step: number; epoch: number } {
    return { step: this.trainer?.stepCount ?? 0, epoch: this.trainer?.epochCount ?? 0 };
  }

  private post(event: WorkerEvent, transfer?: Transferable[]): void {
    this.lastPostAt = this.host.now();
    this.host.post(event, transfer);
  }

  private refuse(message: string): void {
    this.post({ type: 'refused', message, ...this.stamp() });
  }

  private flushMetrics(): void {
    if (!this.trainer) return;
    this.lastMetricsTime = this.host.now();
    if (this.pendingEpochs.length === 0 && Number.isNaN(this.lastBatchLoss)) return;
    this.post({
      type: 'metrics',
      runId: this.runId,
      phase: this.phase,
      epochs: this.pendingEpochs,
      batchLoss: this.lastBatchLoss,
      stepsPerSecond: this.phase === 'running' ? this.stepsPerSecond : 0,
      ...this.stamp(),
    });
    this.pendingEpochs = [];
  }

  /** Posts a snapshot when due, nothing is in flight and something changed (`force` skips the rate limit). */
  private maybeSnapshot(force: boolean): void {
    if (!this.trainer || !this.dataset || this.snapshotInFlight !== null || !this.snapshotDirty) return;
    const now = this.host.now();
    if (!force && now - this.lastSnapshotTime < this.timing.snapshotIntervalMs) return;
    const snapshot = this.buildSnapshot();
    this.lastSnapshotTime = now;
    this.snapshotInFlight = snapshot.id;
    this.snapshotDirty = false;
    this.post(snapshot, snapshotTransferList(snapshot));
  }

  private buildSnapshot(): SnapshotEvent {
    const trainer = this.trainer!;
    const dataset = this.dataset!;
    let grid: PredictionGrid | null = null;
    if (this.grid && dataset.domain) {
      const predictions = trainer.predict(this.grid.inputs, this.grid.count);
      grid = {
        kind: this.grid.kind,
        size: this.grid.size,
        domain: dataset.domain,
        values: predictions,
        classes: dataset.task === 'classification' ? dataset.outputSize : 1,
      };
    }
    let samplePredictions: Uint8Array | null = null;
    if (dataset.imageShape) {
      samplePredictions = this.samplePredictions(dataset);
      if (this.confusionEpoch !== trainer.epochCount || !this.confusion) {
        this.confusion = this.confusionMatrix(dataset);
        this.confusionEpoch = trainer.epochCount;
      }
    }
    return {
      type: 'snapshot',
      runId: this.runId,
      id: this.nextSnapshotId++,
      weightHistograms: trainer.weightHistograms(),
      dropoutMasks: trainer.dropoutMasks(),
      batchNorm: trainer.batchNormStats(),
      grid,
      gradientNorms: Float32Array.from(this.lastLayerMetrics.map((layer) => layer.gradientNorm)),
      parameters: trainer.parameters(),
      samplePredictions,
      confusion: this.confusion ? this.confusion.slice() : null,
      ...this.stamp(),
    };
  }

  private samplePredictions(dataset: Dataset): Uint8Array {
    const trainer = this.trainer!;
    const count = Math.min(SAMPLE_IMAGES, dataset.validation.count);
    const size = dataset.inputShape.reduce((product, value) => product * value, 1);
    const probabilities = trainer.predict(dataset.validation.inputs.subarray(0, count * size), count);
    return argmaxRows(probabilities, count, dataset.outputSize);
  }

  private confusionMatrix(dataset: Dataset): Uint32Array {
    const trainer = this.trainer!;
    const classes = dataset.outputSize;
    const probabilities = trainer.predict(dataset.validation.inputs, dataset.validation.count);
    const predicted = argmaxRows(probabilities, dataset.validation.count, classes);
    const matrix = new Uint32Array(classes * classes);
    for (let example = 0; example < dataset.validation.count; example++) {
      matrix[dataset.validation.targets[example] * classes + predicted[example]] += 1;
    }
    return matrix;
  }

  private unitActivation(requestId: number, layer: number, unit: number): void {
    const trainer = this.trainer;
    if (!trainer || !this.grid || this.grid.kind === 'curve1d') return this.refuse('Unit activations are shown for 2D datasets only.');
    const units = this.settings!.hiddenLayers[layer];
    if (units === undefined || unit < 0 || unit >= units) return this.refuse(`There is no unit ${unit + 1} in hidden layer ${layer + 1}.`);
    const activations = trainer.hiddenActivations(this.grid.inputs, this.grid.count, layer);
    const values = new Float32Array(this.grid.count);
    for (let cell = 0; cell < this.grid.count; cell++) values[cell] = activations[cell * units + unit];
    this.post({ type: 'unitActivation', requestId, size: this.grid.size, values, ...this.stamp() }, [values.buffer]);
  }
}

/** Index of the largest value of each row. */
function argmaxRows(values: Float32Array, rows: number, columns: number): Uint8Array {
  const result = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    let best = 0;
    for (let column = 1; column < columns; column++) {
      if (values[row * columns + column] > values[row * columns + best]) best = column;
    }
    result[row] = best;
  }
  return result;
}
