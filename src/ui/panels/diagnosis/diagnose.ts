/**
 * The guide's over/underfitting table decided from live numbers, by one stated rule. Pure: epoch
 * metrics and the constant predictor's loss in, a verdict with every figure it used out, so the
 * panel can show the numbers and the rule, and tests can check each verdict on seeded runs.
 *
 * The rule (thresholds in DIAGNOSIS_THRESHOLDS; "now" = median of the last `window` epochs):
 * 1. too early to tell: fewer than `minEpochs` finished epochs, or a loss is not finite;
 * 2. underfitting: training loss now >= `underfitFraction` of the constant predictor's loss
 *    (the best network that ignores its inputs), and it has stopped falling. For regression the
 *    share is R² <= 1 - underfitFraction. "Still falling" (the network is still learning) means
 *    lower than `learningWindow` epochs ago by at least `learningDrop` of its value and
 *    `learningFloor` of the constant predictor's loss;
 * 3. overfitting, either
 *    a. validation loss now is above its lowest value (of the same running median) by at least
 *       max(`riseFraction` x that lowest value, `riseFloor` x the constant predictor's loss), the
 *       lowest value is at least `sinceMinimum` epochs old, and the training loss has kept falling
 *       since then; or
 *    b. validation loss now exceeds training loss now by at least `gapFraction` x the constant
 *       predictor's loss (the generalization gap is large);
 * 4. too early to tell while the training loss still falls as fast over the last
 *    `settleWindow` epochs (a good fit is a network that has settled);
 * 5. good fit otherwise.
 * The shown verdict is steady (steadyVerdict.ts): the first one shows once it has held `persist`
 * epochs; every later change once the new one has held max(`persist` epochs, `holdSteps` steps,
 * 10 seconds of the default pace).
 * Losses are data losses (no penalty) in inference mode for both sets, so they compare.
 */
import type { EpochMetrics, TaskKind } from '../../../state/viewTypes';
import { stepsAtDefaultPace } from '../../../state/pace';
import { steadyVerdict, type VerdictSample } from '../../../state/steadyVerdict';

/** The verdicts, in the guide's words. */
export type Verdict = 'tooEarly' | 'underfitting' | 'overfitting' | 'goodFit';

/** The rule's knobs. */
export interface DiagnosisThresholds {
  /** No verdict before this many finished epochs. */
  minEpochs: number;
  /** A verdict is shown once it has held for this many epochs in a row (no flicker on one noisy epoch). */
  persist: number;
  /** A change of a shown verdict also needs the new one to have held this many training steps. */
  holdSteps: number;
  /** Epochs whose median is "now" (and the running median whose minimum is taken). */
  window: number;
  /** Underfitting when training loss >= this share of the constant predictor's loss. */
  underfitFraction: number;
  /** Underfitting needs the training loss to have stopped falling: less than this relative drop... */
  learningDrop: number;
  /** ...over this many epochs, and at least this share of the constant predictor's loss. */
  learningWindow: number;
  learningFloor: number;
  /** A good fit needs the training loss settled: not still falling that fast over this many epochs. */
  settleWindow: number;
  /** Overfitting (a): relative rise of validation loss above its minimum. */
  riseFraction: number;
  /** Overfitting (a): the rise must also be at least this share of the constant predictor's loss (ignores noise on tiny losses). */
  riseFloor: number;
  /** Overfitting (a): the minimum must be at least this many epochs old. */
  sinceMinimum: number;
  /** Overfitting (b): validation minus training loss, as a share of the constant predictor's loss. */
  gapFraction: number;
}

/** Seconds of the default pace a new verdict must hold before it replaces the shown one. */
export const VERDICT_HOLD_SECONDS = 10;

/** The thresholds the panel states (tuned on seeded runs: see test/unit/diagnosis). */
export const DIAGNOSIS_THRESHOLDS: Readonly<DiagnosisThresholds> = {
  minEpochs: 6,
  persist: 5,
  holdSteps: stepsAtDefaultPace(VERDICT_HOLD_SECONDS),
  window: 5,
  underfitFraction: 0.4,
  learningDrop: 0.1,
  learningWindow: 30,
  learningFloor: 0.02,
  settleWindow: 10,
  riseFraction: 0.1,
  riseFloor: 0.02,
  sinceMinimum: 5,
  gapFraction: 0.25,
};

/** One condition of the rule, evaluated on the live numbers. */
export interface RuleCheck {
  id: 'enoughEpochs' | 'underfitting' | 'validationRising' | 'largeGap';
  /** The condition in words, with its thresholds. */
  rule: string;
  /** The live numbers against it. */
  measured: string;
  holds: boolean;
}

/** The figures the verdict was computed from (null where not defined yet). */
export interface DiagnosisFigures {
  epoch: number;
  epochsSeen: number;
  /** Median of the last `window` epochs. */
  trainLoss: number | null;
  validationLoss: number | null;
  constantLoss: number;
  /** trainLoss / constantLoss. */
  trainShare: number | null;
  /** Lowest running median of validation loss, and the (last) epoch of its window. */
  validationMinimum: number | null;
  validationMinimumEpoch: number | null;
  /** Training loss (running median) at the validation minimum. */
  trainLossAtMinimum: number | null;
  /** (validationLoss - validationMinimum) / validationMinimum. */
  validationRise: number | null;
  /** (validationLoss - trainLoss) / constantLoss. */
  gapShare: number | null;
  /** Latest epoch's accuracies (classification) or R² (regression: 1 - MSE / constant loss). */
  trainAccuracy: number | null;
  validationAccuracy: number | null;
  trainR2: number | null;
  validationR2: number | null;
}

/** The outcome: a verdict, one sentence saying why, the figures and each check. */
export interface Diagnosis {
  verdict: Verdict;
  /** The verdict the latest epoch alone gives, when it has not held long enough to show. */
  pending: Verdict | null;
  reason: string;
  figures: DiagnosisFigures;
  checks: RuleCheck[];
}

/** What the rule needs. */
export interface DiagnosisInput {
  /** Finished epochs, oldest first (the run's history). */
  epochs: readonly EpochMetrics[];
  task: TaskKind;
  /** The constant predictor's training loss: see `constantPredictorLoss`. */
  constantLoss: number;
}

/**
 * The data loss of the best constant prediction on the training set: for cross-entropy the class
 * frequencies (loss = their entropy, in nats); for MSE the mean target (loss = the targets'
 * variance, averaged over outputs). Classification targets are class indices.
 */
export function constantPredictorLoss(task: TaskKind, targets: ArrayLike<number>, outputSize: number): number {
  if (targets.length === 0) return NaN;
  if (task === 'classification') {
    const counts = new Float64Array(Math.max(outputSize, 1));
    for (let index = 0; index < targets.length; index++) {
      const label = targets[index];
      if (label >= 0 && label < counts.length) counts[label] += 1;
    }
    let entropy = 0;
    for (const count of counts) {
      if (count === 0) continue;
      const p = count / targets.length;
      entropy -= p * Math.log(p);
    }
    return entropy;
  }
  const outputs = Math.max(outputSize, 1);
  const rows = Math.floor(targets.length / outputs);
  let total = 0;
  for (let output = 0; output < outputs; output++) {
    let mean = 0;
    for (let row = 0; row < rows; row++) mean += targets[row * outputs + output];
    mean /= rows;
    let squares = 0;
    for (let row = 0; row < rows; row++) squares += (targets[row * outputs + output] - mean) ** 2;
    total += squares / rows;
  }
  return total / outputs;
}

function percent(value: number, digits = 0): string {
  return `${(value * 100).toFixed(digits)}%`;
}

function formatLoss(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return value < 0.001 ? value.toExponential(2) : value.toPrecision(3);
}

/** Median of a few numbers (NaN if any is NaN, so a diverged epoch is never hidden). */
function median(values: number[]): number {
  if (values.some((value) => Number.isNaN(value))) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Running medians and prefix minima of a history, so the rule can be applied at every epoch in O(1). */
interface Series {
  epochNumbers: number[];
  /** Median of the last `window` epochs ending at each index (fewer at the start). */
  trainMedian: Float64Array;
  validationMedian: Float64Array;
  /** Index of the lowest validation running median at or before each index. */
  minimumIndex: Int32Array;
}

function buildSeries(epochs: readonly EpochMetrics[], window: number): Series {
  const count = epochs.length;
  const trainMedian = new Float64Array(count);
  const validationMedian = new Float64Array(count);
  const minimumIndex = new Int32Array(count);
  const trainWindow: number[] = [];
  const validationWindow: number[] = [];
  for (let index = 0; index < count; index++) {
    // The median of the window: one or two spiky epochs (an optimizer jump) do not move it.
    const from = Math.max(0, index + 1 - window);
    trainWindow.length = 0;
    validationWindow.length = 0;
    for (let j = from; j <= index; j++) {
      trainWindow.push(epochs[j].trainLoss);
      validationWindow.push(epochs[j].validationLoss);
    }
    trainMedian[index] = median(trainWindow);
    validationMedian[index] = median(validationWindow);
    // NaN never wins a comparison, so a diverged epoch is never the minimum.
    minimumIndex[index] = index > 0 && !(validationMedian[index] < validationMedian[minimumIndex[index - 1]]) ? minimumIndex[index - 1] : index;
  }
  return { epochNumbers: epochs.map((epoch) => epoch.epoch), trainMedian, validationMedian, minimumIndex };
}

/** The conditions of the rule at one index of the history. */
interface RawAssessment {
  verdict: Verdict;
  finite: boolean;
  underfit: boolean;
  /** The training loss fell by at least `learningDrop` over the last `learningWindow` epochs. */
  stillLearning: boolean;
  /** Relative drop of the training loss over the last `learningWindow` epochs (null before it has that many). */
  recentDrop: number | null;
  rising: boolean;
  largeGap: boolean;
  riseNeeded: number;
  age: number;
  trainStillFalling: boolean;
}

/**
 * How much the training loss (running median) fell over the last `window` epochs, and whether
 * that is still fast: at least `learningDrop` of its value and `learningFloor` of the constant
 * predictor's loss. While fewer epochs have passed it counts as falling when `whole` (a plateau
 * must be that long to count), else the fall since the first epoch counts.
 */
function trainingFall(series: Series, index: number, window: number, whole: boolean, constantLoss: number, t: DiagnosisThresholds): { drop: number | null; falling: boolean } {
  let back = index;
  const since = series.epochNumbers[index] - window;
  while (back > 0 && series.epochNumbers[back] > since) back -= 1;
  if (index === 0 || (whole && series.epochNumbers[back] > since)) return { drop: null, falling: true };
  const fall = series.trainMedian[back] - series.trainMedian[index];
  const drop = fall / series.trainMedian[back];
  return { drop, falling: drop >= t.learningDrop && fall >= t.learningFloor * constantLoss };
}

function assess(series: Series, index: number, constantLoss: number, t: DiagnosisThresholds): RawAssessment {
  const trainLoss = series.trainMedian[index];
  const validationLoss = series.validationMedian[index];
  const minimum = series.minimumIndex[index];
  const finite = Number.isFinite(trainLoss) && Number.isFinite(validationLoss) && Number.isFinite(constantLoss) && constantLoss > 0;
  const highTrainLoss = finite && trainLoss / constantLoss >= t.underfitFraction;
  const { drop: recentDrop, falling: stillLearning } = trainingFall(series, index, t.learningWindow, true, constantLoss, t);
  const settling = trainingFall(series, index, t.settleWindow, false, constantLoss, t).falling;
  const underfit = highTrainLoss && !stillLearning;
  const validationMinimum = series.validationMedian[minimum];
  const riseNeeded = Math.max(t.riseFraction * validationMinimum, t.riseFloor * constantLoss);
  const age = series.epochNumbers[index] - series.epochNumbers[minimum];
  const trainStillFalling = trainLoss < series.trainMedian[minimum];
  const rising = finite && validationLoss - validationMinimum >= riseNeeded && age >= t.sinceMinimum && trainStillFalling;
  const largeGap = finite && (validationLoss - trainLoss) / constantLoss >= t.gapFraction;
  let verdict: Verdict;
  // A high training loss that still falls is a network still learning, not underfitting yet.
  if (index + 1 < t.minEpochs || !finite || (highTrainLoss && stillLearning)) verdict = 'tooEarly';
  else if (underfit) verdict = 'underfitting';
  else if (rising || largeGap) verdict = 'overfitting';
  else if (settling) verdict = 'tooEarly';
  else verdict = 'goodFit';
  return { verdict, finite, underfit, stillLearning, recentDrop, rising, largeGap, riseNeeded, age, trainStillFalling };
}

/** A raw verdict, with "not finite" told apart from "too early" so that it shows at once. */
type RawVerdict = Verdict | 'diverged';

/** The shown verdict through the hold rule (steadyVerdict.ts), and the raw one now. */
function stableVerdict(series: Series, steps: readonly number[], constantLoss: number, t: DiagnosisThresholds): { shown: Verdict; raw: Verdict; heldFor: number } {
  const samples: VerdictSample<RawVerdict>[] = series.epochNumbers.map((epoch, index) => {
    const assessment = assess(series, index, constantLoss, t);
    const diverged = !assessment.finite && index + 1 >= t.minEpochs;
    const verdict: RawVerdict = diverged ? 'diverged' : assessment.verdict;
    return { epoch, step: steps[index], verdict };
  });
  const steady = steadyVerdict<RawVerdict>(samples, { epochs: t.persist, steps: t.holdSteps }, { initial: 'tooEarly', immediate: (verdict) => verdict === 'diverged' });
  const plain = (verdict: RawVerdict): Verdict => (verdict === 'diverged' ? 'tooEarly' : verdict);
  return { shown: plain(steady.shown), raw: plain(steady.latest), heldFor: steady.heldEpochs };
}

const VERDICT_NAMES: Readonly<Record<Verdict, string>> = {
  tooEarly: 'too early to tell',
  underfitting: 'underfitting',
  overfitting: 'overfitting',
  goodFit: 'good fit',
};

/** The verdict's name in words ("good fit"). */
export function verdictName(verdict: Verdict): string {
  return VERDICT_NAMES[verdict];
}

/** Applies the rule (see the file comment) to the history. */
export function diagnose(input: DiagnosisInput, thresholds: DiagnosisThresholds = DIAGNOSIS_THRESHOLDS): Diagnosis {
  const { epochs, task, constantLoss } = input;
  const t = thresholds;
  const count = epochs.length;
  const latest = epochs[count - 1];
  const window = Math.max(1, t.window);
  const series = buildSeries(epochs, window);
  const last = count - 1;

  const figures: DiagnosisFigures = {
    epoch: latest?.epoch ?? 0,
    epochsSeen: count,
    trainLoss: null,
    validationLoss: null,
    constantLoss,
    trainShare: null,
    validationMinimum: null,
    validationMinimumEpoch: null,
    trainLossAtMinimum: null,
    validationRise: null,
    gapShare: null,
    trainAccuracy: latest?.trainAccuracy ?? null,
    validationAccuracy: latest?.validationAccuracy ?? null,
    trainR2: null,
    validationR2: null,
  };
  let now: RawAssessment | null = null;
  if (count > 0) {
    now = assess(series, last, constantLoss, t);
    const minimum = series.minimumIndex[last];
    figures.trainLoss = series.trainMedian[last];
    figures.validationLoss = series.validationMedian[last];
    figures.trainShare = figures.trainLoss / constantLoss;
    figures.gapShare = (figures.validationLoss - figures.trainLoss) / constantLoss;
    figures.validationMinimum = series.validationMedian[minimum];
    figures.validationMinimumEpoch = series.epochNumbers[minimum];
    figures.trainLossAtMinimum = series.trainMedian[minimum];
    figures.validationRise = (figures.validationLoss - figures.validationMinimum) / figures.validationMinimum;
    if (task === 'regression') {
      figures.trainR2 = 1 - latest.trainLoss / constantLoss;
      figures.validationR2 = 1 - latest.validationLoss / constantLoss;
    }
  }
  const finite = now?.finite ?? false;
  const lossName = task === 'regression' ? 'MSE' : 'cross-entropy';
  const checks: RuleCheck[] = [];

  checks.push({
    id: 'enoughEpochs',
    rule: `At least ${t.minEpochs} finished epochs. The first verdict shows once it has held ${t.persist} epochs in a row; a change of verdict once the new one has held ${t.persist} epochs and ${t.holdSteps.toLocaleString('en-US')} steps (${VERDICT_HOLD_SECONDS} seconds at the default pace).`,
    measured: `${count} epoch${count === 1 ? '' : 's'} so far.`,
    holds: count >= t.minEpochs,
  });
  checks.push({
    id: 'underfitting',
    rule:
      task === 'regression'
        ? `Underfitting: training R² ≤ ${(1 - t.underfitFraction).toFixed(2)}, i.e. training MSE ≥ ${percent(t.underfitFraction)} of a constant prediction's (the target variance, ${formatLoss(constantLoss)}), and it has stopped falling (less than ${percent(t.learningDrop)} lower than ${t.learningWindow} epochs ago, or by less than ${percent(t.learningFloor)} of the constant prediction's loss).`
        : `Underfitting: training loss ≥ ${percent(t.underfitFraction)} of a constant prediction's (the cross-entropy of always guessing the class frequencies, ${formatLoss(constantLoss)}), and it has stopped falling (less than ${percent(t.learningDrop)} lower than ${t.learningWindow} epochs ago, or by less than ${percent(t.learningFloor)} of the constant prediction's loss).`,
    measured: finite
      ? `Training ${lossName} ${formatLoss(figures.trainLoss)} = ${percent(figures.trainShare!)} of ${formatLoss(constantLoss)}${task === 'regression' ? ` (R² ${(1 - figures.trainShare!).toFixed(2)})` : ''}; ${now?.recentDrop === null || now?.recentDrop === undefined ? `fewer than ${t.learningWindow} epochs to compare` : `${percent(now.recentDrop)} lower than ${t.learningWindow} epochs ago`}.`
      : 'No finite loss yet.',
    holds: now?.underfit ?? false,
  });
  checks.push({
    id: 'validationRising',
    rule: `Overfitting (a): validation loss at least ${percent(t.riseFraction)} (and at least ${percent(t.riseFloor)} of a constant prediction's loss) above its lowest value, reached at least ${t.sinceMinimum} epochs ago, while the training loss kept falling.`,
    measured:
      finite && now
        ? `Validation ${formatLoss(figures.validationLoss)} vs lowest ${formatLoss(figures.validationMinimum)} at epoch ${figures.validationMinimumEpoch} (${now.age} epoch${now.age === 1 ? '' : 's'} ago): ${figures.validationRise! >= 0 ? '+' : ''}${percent(figures.validationRise!, 1)}; training ${formatLoss(figures.trainLoss)} ${now.trainStillFalling ? 'below' : 'not below'} its ${formatLoss(figures.trainLossAtMinimum)} then.`
        : 'No finite loss yet.',
    holds: now?.rising ?? false,
  });
  checks.push({
    id: 'largeGap',
    rule: `Overfitting (b): validation loss exceeds training loss by at least ${percent(t.gapFraction)} of a constant prediction's loss.`,
    measured: finite ? `Gap ${formatLoss(figures.validationLoss! - figures.trainLoss!)} = ${percent(figures.gapShare!)} of ${formatLoss(constantLoss)}.` : 'No finite loss yet.',
    holds: now?.largeGap ?? false,
  });

  const { shown, raw, heldFor } = stableVerdict(
    series,
    epochs.map((epoch) => epoch.step),
    constantLoss,
    t,
  );
  let reason: string;
  switch (shown) {
    case 'tooEarly':
      reason =
        count < t.minEpochs
          ? `Too early to tell: ${count} of ${t.minEpochs} epochs.`
          : !finite
            ? 'No verdict: the losses are not finite numbers (the run diverged).'
            : raw === 'tooEarly'
              ? 'Too early to tell: the network is still learning (its training loss still falls fast).'
              : `Too early to tell: waiting for a verdict to hold ${t.persist} epochs.`;
      break;
    case 'underfitting':
      reason =
        task === 'regression'
          ? `Underfitting: training R² is ${(1 - figures.trainShare!).toFixed(2)}: the network explains little even of its training data.`
          : `Underfitting: training loss is still ${percent(figures.trainShare!)} of what a constant guess scores: the network has not learned its training data.`;
      break;
    case 'overfitting':
      reason = now?.rising
        ? `Overfitting: validation loss rose ${percent(figures.validationRise!)} after epoch ${figures.validationMinimumEpoch} while training loss kept falling.`
        : `Overfitting: validation loss is ${formatLoss(figures.validationLoss! - figures.trainLoss!)} above training loss (${percent(figures.gapShare!)} of a constant guess's loss).`;
      break;
    case 'goodFit':
      reason = `Good fit: training loss is ${percent(figures.trainShare!)} of a constant guess's, and validation loss stays close to it and near its best.`;
      break;
  }
  if (raw !== shown && raw !== 'tooEarly') reason += ` The numbers now say ${VERDICT_NAMES[raw]} (held ${heldFor} epoch${heldFor === 1 ? '' : 's'} so far).`;
  return { verdict: shown, pending: raw !== shown ? raw : null, reason, figures, checks };
}
