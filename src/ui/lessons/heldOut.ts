/**
 * The held-out test set in the lesson checks: claims about generalization are judged on it, with
 * loss and accuracy (or RMSE) of both runs in words, and a plain sentence when the two disagree.
 * A check never says "Holds" when the metric it headlines (accuracy, or RMSE for regression) got
 * worse.
 */
import type { TaskKind } from '../../state/viewTypes';
import type { TestFigures } from '../../state/viewTypes';
import { formatAccuracy, formatPercent, formatPoints, formatValue } from './format';
import type { LessonCheck, LessonRun } from './types';

/** A run's test figures when revealed and not empty, else null. */
export function testOf(run: LessonRun): TestFigures | null {
  return run.test && run.test.count > 0 ? run.test : null;
}

/** "Waiting" until every run's test figures are revealed, naming what the check will judge. */
export function needTest(runs: readonly LessonRun[], what: string, preview?: string): LessonCheck | null {
  if (runs.every((run) => testOf(run) !== null)) return null;
  return {
    status: 'waiting',
    headline: `This claim is judged on the held-out test set (${what}): press "Reveal test" when the run has trained${runs.length > 1 ? ' (both runs)' : ''}.`,
    details: preview ? [preview] : undefined,
  };
}

/** "test loss 0.312, accuracy 91.2%" (or RMSE for regression). */
export function testText(test: TestFigures, task: TaskKind): string {
  const quality = task === 'classification' && test.accuracy !== null ? `accuracy ${formatAccuracy(test.accuracy)}` : test.rmse !== null ? `RMSE ${formatValue(test.rmse)}` : '';
  return `test loss ${formatValue(test.loss)}${quality ? `, ${quality}` : ''}`;
}

/** How run "on" (with the technique) compares with run "off" on the test set. */
export interface TestContrast {
  /** Headline metric change, in the metric's own direction: accuracy points gained (classification), or RMSE reduction (regression); > 0 is better. */
  gain: number;
  /** Relative test-loss change on / off - 1 (< 0: lower with the technique). */
  lossChange: number;
  /** The headline metric got worse with the technique. */
  worse: boolean;
  /** Loss and the headline metric point in different directions. */
  disagree: boolean;
  /** "With dropout: test loss ..., accuracy ...; without: ...". */
  figures: string;
  /** "Accuracy 0.9 points higher with dropout" and, when they disagree, a sentence saying so. */
  verdict: string;
  disagreement: string | null;
}

/** Relative changes this small count as "the same" in words (never as better). */
const SAME_LOSS = 0.005;

/** Compares the test figures of two runs; `onName` and `offName` complete "with ..." / "without ...". */
export function contrastOnTest(on: TestFigures, off: TestFigures, task: TaskKind, onName: string, offName: string): TestContrast {
  const classification = task === 'classification' && on.accuracy !== null && off.accuracy !== null;
  const gain = classification ? on.accuracy! - off.accuracy! : (off.rmse ?? NaN) - (on.rmse ?? NaN);
  const lossChange = on.loss / off.loss - 1;
  const worse = !(gain >= 0);
  const lossLower = lossChange < -SAME_LOSS;
  const lossHigher = lossChange > SAME_LOSS;
  const disagree = (gain > 0 && lossHigher) || (gain < 0 && lossLower);
  const metric = classification ? 'accuracy' : 'RMSE';
  const amount = classification ? formatPoints(gain) : formatValue(Math.abs(gain));
  const direction = classification ? (gain > 0 ? 'higher' : 'lower') : gain > 0 ? 'lower' : 'higher';
  const verdict = gain === 0 ? `Test ${metric} is the same ${onName} and ${offName}` : `Test ${metric} ${amount} ${direction} ${onName}`;
  const lossWords = Math.abs(lossChange) <= SAME_LOSS ? 'about the same' : `${formatPercent(Math.abs(lossChange))} ${lossChange < 0 ? 'lower' : 'higher'}`;
  const disagreement = disagree
    ? `Loss and ${metric} disagree: the test loss is ${lossWords} ${onName}, while the ${metric} is ${gain > 0 ? 'better' : 'worse'}. The loss also weighs how confident each answer is; the ${metric} counts only the answers.`
    : null;
  return {
    gain,
    lossChange,
    worse,
    disagree,
    figures: `${capitalizeFirst(onName)}: ${testText(on, task)}; ${offName}: ${testText(off, task)}`,
    verdict,
    disagreement,
  };
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "L2: training loss 0.21, accuracy 93.0%; validation loss 0.25, accuracy 91.5%; test ..." for the
 * latest epoch of a run (the test part once revealed): every check reports both runs' figures.
 */
export function runFiguresSentence(name: string, run: LessonRun, task: TaskKind): string {
  const last = run.epochs[run.epochs.length - 1];
  if (!last) return `${name}: no finished epoch yet.`;
  const quality = (accuracy: number | null, rmse: number | null) =>
    task === 'classification' && accuracy !== null ? `, accuracy ${formatAccuracy(accuracy)}` : rmse !== null ? `, RMSE ${formatValue(rmse)}` : '';
  const test = testOf(run);
  return `${name} at epoch ${last.epoch}: training loss ${formatValue(last.trainLoss)}${quality(last.trainAccuracy, last.trainRmse)}; validation loss ${formatValue(last.validationLoss)}${quality(last.validationAccuracy, last.validationRmse)}${test ? `; ${testText(test, task)}` : ''}.`;
}
