/**
 * The messages between the main thread and the training worker. Discriminated unions on `type`;
 * bulk telemetry travels as typed arrays in the transfer list. Bump PROTOCOL_VERSION on any
 * incompatible change: the run handle (src/state/runHandle.ts) refuses a worker that speaks another
 * version, and the worker refuses a page that does.
 */
import type {
  BatchNormProbe,
  DivergenceInfo,
  DropoutMaskProbe,
  EarlyStoppingEvent,
  EpochMetrics,
  LayerParameters,
  TaskKind,
  WeightHistogramProbe,
} from '../engine/contract';
import type { Dataset, DatasetName } from '../data';
import type { Settings } from '../settings/settingsTable';
import type { CheckedPatch, CheckedSettings } from '../settings/settingsValidation';
import type { TestFigures } from '../run/testFigures';

/** The protocol version both sides must speak (2: heartbeats, resuming a replayed run). */
export const PROTOCOL_VERSION = 2;

/**
 * The worker speaks at least this often while it works (training, building, long evaluations),
 * and answers every command but `ackSnapshot`: the run handle's watchdog takes a long silence as a
 * dead or hung worker (src/state/silenceWatch.ts).
 */
export const HEARTBEAT_MS = 200;

export type { DataSources, RunActionEntry, RunLogEntry, RunLogItem } from '../run/runLog';
import type { DataSources, RunActionEntry, RunLogEntry } from '../run/runLog';

/** How training is paced: as fast as possible, or at most this many minibatch steps a second. */
export type Speed = { stepsPerSecond: number | null };

// ---------------------------------------------------------------- commands (main -> worker)

/** Builds data and network from settings; replaces any previous run. */
export interface InitCommand {
  type: 'init';
  protocol: number;
  settings: Settings;
  sources: DataSources;
  /** Live changes to re-apply at their steps (replaying a run); empty for a fresh run. */
  replayLog: (RunLogEntry | RunActionEntry)[];
  /**
   * Train to this step at once, at full speed whatever the pace (a restarted worker catching up
   * with the run it replaces), then pause, or play on when `play` is set.
   */
  resume?: { steps: number; play: boolean };
}
/** Train continuously in time slices. */
export interface PlayCommand {
  type: 'play';
}
/** Stop after the current minibatch. */
export interface PauseCommand {
  type: 'pause';
}
/** Advance by a number of minibatches, or to the end of the current epoch, then pause. */
export interface StepCommand {
  type: 'step';
  unit: 'batch' | 'epoch';
  count: number;
}
/** Back to step 0 with the same settings; `seed` replaces the seed when given. */
export interface ResetCommand {
  type: 'reset';
  seed?: number;
}
/** Change settings. Live ones apply at the next minibatch; others rebuild (the reply says which). */
export interface PatchCommand {
  type: 'patch';
  changes: Partial<Settings>;
}
/** Change the pace. */
export interface SpeedCommand {
  type: 'speed';
  speed: Speed;
}
/** Bring back the weights of the best epoch early stopping saw. */
export interface RestoreBestCommand {
  type: 'restoreBest';
}
/** Score the kept weights on the held-out test set once (answered by a `testFigures` event). */
export interface RevealTestCommand {
  type: 'revealTest';
}
/** The page has drawn snapshot `id`; the worker may send the next one (backpressure). */
export interface AckSnapshotCommand {
  type: 'ackSnapshot';
  id: number;
}
/** Ask for one hidden unit's activation over the 2D plane (Network panel hover). */
export interface UnitActivationCommand {
  type: 'unitActivation';
  requestId: number;
  layer: number;
  unit: number;
}
/** End the worker's run and free its memory. */
export interface DisposeCommand {
  type: 'dispose';
}

/** Everything the main thread can send. */
export type WorkerCommand =
  | InitCommand
  | PlayCommand
  | PauseCommand
  | StepCommand
  | ResetCommand
  | PatchCommand
  | SpeedCommand
  | RestoreBestCommand
  | RevealTestCommand
  | AckSnapshotCommand
  | UnitActivationCommand
  | DisposeCommand;

/**
 * What the page sends: any command, but an init's settings and a patch's changes must have passed
 * the settings table's validation at an edge of the page (the brand of settingsValidation.ts). The
 * worker is no edge: only the page code that holds it can message it, so it does not check ranges
 * again (it checks the protocol version, the command's type and the setting names).
 */
export type PageCommand =
  | Exclude<WorkerCommand, InitCommand | PatchCommand>
  | (InitCommand & { settings: CheckedSettings })
  | (PatchCommand & { changes: CheckedPatch });

// ---------------------------------------------------------------- events (worker -> main)

/** Whether the worker is training. */
export type RunPhase = 'idle' | 'running' | 'paused' | 'stopped' | 'diverged';

/** Facts about the dataset the panels need (drawn once per run). */
export interface DatasetInfo {
  name: DatasetName;
  task: TaskKind;
  inputShape: number[];
  outputSize: number;
  featureNames: string[];
  classNames: string[] | null;
  trainCount: number;
  validationCount: number;
  /** Raw drawing coordinates (2D: x,y pairs; 1D: x), or null. */
  rawTrain: Float32Array | null;
  rawValidation: Float32Array | null;
  trainTargets: Float32Array;
  validationTargets: Float32Array;
  domain: [number, number, number, number] | null;
  informativeFeatures: number[] | null;
  imageShape: [number, number] | null;
  credit: string | null;
  /** Hidden layer widths and the architecture, for the Network panel. */
  hiddenUnits: number[];
  /** For digits: a few validation images (uint8, row-major) with their labels, for sample predictions. */
  sampleImages: Uint8Array | null;
  sampleLabels: Uint8Array | null;
}

/** Every event names the step and epoch it belongs to. */
interface Stamped {
  step: number;
  epoch: number;
}

/** A run was built (after init, reset or a rebuilding patch). */
export interface ReadyEvent extends Stamped {
  type: 'ready';
  protocol: number;
  runId: number;
  dataset: DatasetInfo;
  settings: Settings;
  /** Why the run was (re)built, for the visible cue: "New run", "Network rebuilt: hidden layers changed". */
  reason: string;
  /** A light copy of the dataset for the data preview (a few images, a table head, or the points). */
  preview: Dataset;
}

/** Coalesced metrics since the last metrics event. */
export interface MetricsEvent extends Stamped {
  type: 'metrics';
  runId: number;
  phase: RunPhase;
  /**
   * Finished epochs since the last event, oldest first, every one of them: a full batch goes out at
   * once, so no epoch is ever dropped and the page's history (and the lesson checks that read it)
   * does not depend on timing.
   */
  epochs: EpochMetrics[];
  /** The latest minibatch's training-mode data loss. */
  batchLoss: number;
  /** Minibatch steps per second over the last second of training. */
  stepsPerSecond: number;
}

/** The 2D decision boundary, 1D fitted curve or 2D regression surface, in inference mode. */
export interface PredictionGrid {
  kind: 'classes2d' | 'curve1d' | 'surface2d';
  /** Grid resolution per axis (curve: number of x samples). */
  size: number;
  /** Raw-coordinate domain [xmin, xmax, ymin, ymax]. */
  domain: [number, number, number, number];
  /** classes2d: size*size*classes probabilities (row-major, y from top); curve1d: size values; surface2d: size*size values. */
  values: Float32Array;
  classes: number;
}

/** Heavy telemetry, at most ~15 a second and one unacknowledged at a time. */
export interface SnapshotEvent extends Stamped {
  type: 'snapshot';
  runId: number;
  id: number;
  weightHistograms: WeightHistogramProbe[];
  dropoutMasks: DropoutMaskProbe[];
  batchNorm: BatchNormProbe[];
  grid: PredictionGrid | null;
  /** Per trainable layer, the last minibatch's gradient norm. */
  gradientNorms: Float32Array;
  parameters: LayerParameters[];
  /** Digits: predicted class of each sample image. */
  samplePredictions: Uint8Array | null;
  /** Digits: classes x classes confusion matrix on the validation set (row = true class). */
  confusion: Uint32Array | null;
}

/** Early stopping said something. */
export interface EarlyStoppingMessage extends Stamped {
  type: 'earlyStopping';
  runId: number;
  event: EarlyStoppingEvent;
}

/** NaN or Inf appeared; the run is paused. */
export interface DivergedEvent extends Stamped {
  type: 'diverged';
  runId: number;
  info: DivergenceInfo;
}

/** A patch was applied live at `step`. */
export interface PatchedEvent extends Stamped {
  type: 'patched';
  runId: number;
  entry: RunLogEntry | RunActionEntry;
}

/** A command was refused; the run continues as it was. */
export interface RefusedEvent extends Stamped {
  type: 'refused';
  message: string;
}

/** The phase changed (play, pause, early stop). */
export interface PhaseEvent extends Stamped {
  type: 'phase';
  runId: number;
  phase: RunPhase;
}

/** Reply to a unit activation request. */
export interface UnitActivationEvent extends Stamped {
  type: 'unitActivation';
  requestId: number;
  size: number;
  values: Float32Array;
}

/** The held-out test figures of the current weights, on request. */
export interface TestFiguresEvent extends Stamped {
  type: 'testFigures';
  runId: number;
  figures: TestFigures;
}

/** Something failed in the worker that is not a divergence. */
export interface ErrorEvent extends Stamped {
  type: 'error';
  message: string;
  /** False when the run cannot continue (the client restarts the worker). */
  recoverable: boolean;
  /** Set when the page and the worker speak different protocols: the worker's version (restarting cannot help). */
  workerProtocol?: number;
}

/**
 * "Still here": sent after every command but `ackSnapshot` (so each command gets an answer) and at
 * least every HEARTBEAT_MS while the worker works. `handled` counts the commands other than
 * `ackSnapshot` it has handled so far, so the page knows which of its commands were answered.
 */
export interface HeartbeatEvent extends Stamped {
  type: 'heartbeat';
  handled: number;
}

/** Everything the worker can send. */
export type WorkerEvent =
  | HeartbeatEvent
  | ReadyEvent
  | MetricsEvent
  | SnapshotEvent
  | EarlyStoppingMessage
  | DivergedEvent
  | PatchedEvent
  | RefusedEvent
  | PhaseEvent
  | UnitActivationEvent
  | TestFiguresEvent
  | ErrorEvent;
