/** The shapes a sweep's runs go in and come out as (shared by the runner, the store and the views). */
import type { SplitFigures } from '../run/splitFigures';
import type { CheckedSettings } from '../settings/settingsValidation';
import type { SummaryPicture } from '../worker/summaryJob';

/** One run of a sweep. */
export interface SweepJob {
  /** Position in the sweep's job list (also the key of its result). */
  id: number;
  /** Index of the value on the first axis, and on the second (-1 without a grid). */
  valueIndex: number;
  value2Index: number;
  seed: number;
  /** The base settings with the sweep's values, checked against the table when the sweep was planned. */
  settings: CheckedSettings;
  /** Epoch budget of this run. */
  epochs: number;
  /** Whether to send back the final prediction grid (one seed per value: the small multiples). */
  picture: boolean;
}

/** A sweep run's final figures on its three splits (src/run/splitFigures.ts). */
export type SweepMetrics = SplitFigures;

/** The prediction over the plane at the end of a run, with the data to draw it over. */
export type SweepPicture = SummaryPicture;

/** What one run of a sweep reports. */
export interface SweepRunResult {
  jobId: number;
  /** Epochs completed and minibatch steps taken (to open the run in the main view at the same point). */
  epochs: number;
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
  /** The last epoch's metrics (after restoring the best weights when early stopping did). */
  final: SweepMetrics;
  picture: SweepPicture | null;
}

/** Progress of one running job, from its heartbeat. */
export interface SweepProgress {
  jobId: number;
  epoch: number;
  epochs: number;
}
