/**
 * The shapes of a lesson and of what its check reads and reports.
 */
import type { DivergenceInfo, EpochMetrics, LayerParameters, TaskKind } from '../../state/viewTypes';
import type { SettingKey, Settings } from '../../settings/settingsTable';
import type { TestFigures } from '../../state/viewTypes';

/** What a lesson is about: one topic of the guide each. */
export type LessonTopic =
  | 'generalization'
  | 'fitting'
  | 'l1-l2'
  | 'dropout'
  | 'early-stopping'
  | 'gradients'
  | 'batch-norm'
  | 'best-practices';

/** One run as a check sees it. */
export interface LessonRun {
  settings: Settings;
  /** Finished epochs, oldest first (the live history may be thinned on very long runs). */
  epochs: readonly EpochMetrics[];
  /** The latest weights, or null before the first snapshot. */
  parameters: LayerParameters[] | null;
  /** Set when the run produced NaN or Infinity and stopped. */
  diverged?: DivergenceInfo | null;
  /**
   * The held-out test figures of the weights the run kept, once revealed (Reveal test, or the end
   * of a lesson's run); null or absent before. Claims about generalization are judged on them.
   */
  test?: TestFigures | null;
}

/** What a check reads: the current run, facts about its data, and optionally the comparison run. */
export interface LessonRunView extends LessonRun {
  /** The many-features set: indices of the features that decide the label; null otherwise. */
  informativeFeatures: number[] | null;
  /** Names of the model inputs. */
  featureNames: string[];
  task: TaskKind;
  /** Run B of a comparison (same seed and data, the lesson's `compare` changes applied). */
  compare?: LessonRun;
}

/** Whether the claim held on this run. */
export type LessonStatus = 'waiting' | 'holds' | 'does-not-hold';

/** A check's verdict. */
export interface LessonCheck {
  status: LessonStatus;
  /** One sentence with the measured numbers. */
  headline: string;
  /** Further measured facts, one sentence each. */
  details?: string[];
  /** The measured figures by name (for tests, exports and the comparison verdict). */
  numbers?: Readonly<Record<string, number>>;
  /** A small curve the panel draws under the verdict (batch norm: speed-up over the target losses). */
  curve?: LessonCurve;
}

/** A few measured points to draw as a small line chart; y null = not measured at that x. */
export interface LessonCurve {
  /** The chart's accessible name. */
  label: string;
  xLabel: string;
  yLabel: string;
  points: { x: number; y: number | null }[];
  /** A horizontal reference line (1 = "no speed-up"). */
  reference?: number;
}

/**
 * One "Try this" step: plain words, or words with what its button does. A step whose settings are
 * the lesson's negative control expects the check to say "does not hold" (more data closes the
 * gap): on that step the panel reports it as the expected result, not as a failure.
 */
export type TryStep =
  | string
  | {
      text: string;
      /** Train to the lesson's decisive step at the chosen pace, then pause. */
      play?: true;
      /** Apply these settings to the lesson's preset and start again from step 0. */
      settings?: Partial<Settings>;
      /** Open the lesson's comparison. */
      compare?: true;
      /** Reveal the held-out test figures. */
      revealTest?: true;
    };

/** A lesson: the experiment, its words, and its check. */
export interface Lesson {
  id: string;
  title: string;
  topic: LessonTopic;
  /** What happens and why, in a few short sentences. */
  text: string;
  /** Two to four things to try, in order; a step that can be done for the student has a button. */
  tryThis: TryStep[];
  /** Every setting of the experiment (complete, so loading it never inherits a stray switch). */
  preset: Partial<Settings>;
  /** Minibatch steps after which the check is decisive on the preset (the tests replay this many). */
  steps: number;
  /**
   * The negative control: what it changes from the preset (applied to run A and run B alike), so
   * that the same check should then report that the claim does not hold.
   */
  control: Partial<Settings>;
  /** Run B of a comparison: what it changes from the preset. */
  compare?: Partial<Settings>;
  /** Short name of run B, e.g. "+ batch norm". */
  compareLabel?: string;
  /** Controls a teacher's link may hide for this lesson. */
  hide?: SettingKey[];
  /** Where the guide's claim is disputed or needs a qualification. */
  contested?: string;
  /** The sweep preset (src/sweep/sweepPresets.ts) that measures this lesson's knob over many values and seeds. */
  sweep?: string;
  /**
   * The figure "Check on 10 seeds" summarizes as a median over the seeds (a key of the check's
   * numbers), and how to say it; without it the summary gives the counts only.
   */
  seedEffect?: { number: string; describe: (median: number) => string };
  /** "Predict, then see": one multiple-choice question asked before the check is shown. */
  predict?: LessonPrediction;
  /** Measures the lesson's claim on a run (pure). */
  check: (view: LessonRunView) => LessonCheck;
}

/**
 * A question asked before the lesson shows its check: the student predicts, the answer is kept,
 * and once the check has decided the panel says whether the prediction matched what was measured.
 * (Predicting before seeing data improves recall: Kim, Reinecke and Hullman, CHI 2017.)
 */
export interface LessonPrediction {
  question: string;
  options: readonly { id: string; label: string }[];
  /** Which option the measured check bears out (null while it cannot tell, e.g. still waiting). */
  outcome: (check: LessonCheck) => string | null;
}
