/** What a run is built from besides its settings, and the log of its live changes. */
import type { CsvOptions, CsvTable, DigitsSet } from '../data';
import type { Settings } from '../settings/settingsTable';

/** One live change, as recorded in the run log (which the loss chart marks and replays use). */
export interface RunLogEntry {
  /** The change applies before this step (0 = before the first minibatch). */
  step: number;
  epoch: number;
  changes: Partial<Settings>;
  /** Short human description, e.g. "L2 on (λ₂ = 0.001)". */
  label: string;
}

/** An action in the run log that is not a setting change. */
export interface RunActionEntry {
  step: number;
  epoch: number;
  action: 'restoreBest';
  label: string;
}

/** One entry of a run log: a live change or an action. */
export type RunLogItem = RunLogEntry | RunActionEntry;

/** User data that does not come from a generator. */
export interface DataSources {
  digits?: DigitsSet;
  csv?: { table: CsvTable; options: CsvOptions };
}
