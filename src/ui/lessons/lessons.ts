/**
 * The lessons: one per topic of the guide. Each sets up an experiment (a preset with its seed),
 * says in a few sentences what to look for, and carries a check: a pure function that measures
 * the guide's claim on the student's own run and reports the numbers, also when the claim does
 * not hold (with the technique switched off, say). The same check runs on the live history in the
 * page and on a headless replay in the tests.
 */
import type { DivergenceInfo, EpochMetrics, LayerParameters, TaskKind } from '../../state/viewTypes';
import { DEFAULT_SETTINGS, type SettingKey, type Settings } from '../../settings/settingsTable';
import { formatAccuracy, formatCount, formatPercent, formatPoints, formatTimes, formatValue, plural } from './format';
import {
  featureSelection,
  firstEpochReaching,
  generalizationGap,
  gradientRatio,
  overfittingSignature,
  traceEarlyStopping,
  validationMinimum,
  type FeatureSelection,
  type GeneralizationGap,
} from './measures';

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
}

/** A lesson: the experiment, its words, and its check. */
export interface Lesson {
  id: string;
  title: string;
  topic: LessonTopic;
  /** What happens and why, in a few short sentences. */
  text: string;
  /** Two to four things to try. */
  tryThis: string[];
  /** Every setting of the experiment (complete, so loading it never inherits a stray switch). */
  preset: Partial<Settings>;
  /** Minibatch steps after which the check is decisive on the preset (the tests replay this many). */
  steps: number;
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
  /** Measures the lesson's claim on a run (pure). */
  check: (view: LessonRunView) => LessonCheck;
}

// ------------------------------------------------------------------------------------ helpers

/**
 * A complete preset: a fixed baseline with every technique off, then the lesson's own values. The
 * baseline is spelled out rather than taken from the app's defaults, so a change of a default
 * never changes a lesson's experiment (settings added later come from the defaults).
 */
function preset(values: Partial<Settings>): Settings {
  return {
    ...DEFAULT_SETTINGS,
    dataset: 'spirals',
    noise: 0.2,
    trainCount: 200,
    validationFraction: 0.5,
    classes: 2,
    seed: 1,
    featureCount: 20,
    informativeCount: 3,
    digitsResolution: '14',
    hiddenLayers: [32, 32],
    activation: 'relu',
    optimizer: 'adam',
    learningRate: 0.01,
    momentum: 0.9,
    batchSize: 16,
    clipValue: 1,
    l1: 0.001,
    l2: 0.001,
    dropoutRate: 0.5,
    batchNormMomentum: 0.99,
    patience: 20,
    labelNoise: 0,
    standardize: true,
    featureX2: false,
    featureY2: false,
    featureXY: false,
    featureSinX: false,
    featureSinY: false,
    convolutional: false,
    initializer: 'auto',
    clipMode: 'none',
    l1Enabled: false,
    l1Proximal: false,
    l2Enabled: false,
    weightDecay: 0,
    dropoutEnabled: false,
    inputDropoutRate: 0,
    dropoutLayerRates: [],
    batchNorm: false,
    earlyStopping: false,
    restoreBest: true,
    minDelta: 0,
    startFromEpoch: 0,
    ...values,
  };
}

function waiting(headline: string, details?: string[]): LessonCheck {
  return { status: 'waiting', headline, details };
}

/** "Waiting" until the run has `needed` epochs. */
function needEpochs(epochs: readonly EpochMetrics[], needed: number): LessonCheck | null {
  if (epochs.length >= needed) return null;
  return waiting(`Waiting for data: ${plural(epochs.length, 'epoch')} so far; this check needs ${needed}.`);
}

/** A diverged run cannot show the claim: say so. */
function divergedCheck(run: LessonRun): LessonCheck | null {
  if (!run.diverged) return null;
  return {
    status: 'does-not-hold',
    headline: `Nothing to measure: the run diverged at step ${formatCount(run.diverged.step)} (${run.diverged.where} became NaN or infinite).`,
    details: ['Lower the learning rate or switch on gradient clipping, then reset.'],
  };
}

/** Both runs of a comparison, or the reason a check cannot compare them yet. */
function compareGate(view: LessonRunView, needed: number): LessonCheck | null {
  const runB = view.compare!;
  return divergedCheck(view) ?? divergedCheck(runB) ?? needEpochs(view.epochs, needed) ?? needEpochs(runB.epochs, needed);
}

function dropoutOn(settings: Settings): boolean {
  return settings.dropoutEnabled && (settings.dropoutRate > 0 || settings.inputDropoutRate > 0 || settings.dropoutLayerRates.some((rate) => rate > 0));
}

function l1On(settings: Settings): boolean {
  return settings.l1Enabled && settings.l1 > 0;
}

function l2On(settings: Settings): boolean {
  return settings.l2Enabled && settings.l2 > 0;
}

/** The techniques of the best-practices lesson that a run has on. */
function techniquesOn(settings: Settings): string[] {
  const on: string[] = [];
  if (settings.standardize) on.push('standardized inputs');
  if (settings.batchNorm) on.push('batch norm');
  if (dropoutOn(settings)) on.push(`dropout ${settings.dropoutRate}`);
  if (l2On(settings)) on.push(`L2 ${settings.l2}`);
  if (l1On(settings)) on.push(`L1 ${settings.l1}`);
  if (settings.weightDecay > 0) on.push(`weight decay ${settings.weightDecay}`);
  if (settings.earlyStopping) on.push('early stopping');
  return on;
}

/** "a, b and c". */
function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Picks the one run that has a technique and the one that does not; null unless exactly one has it. */
function splitRuns(view: LessonRunView, has: (settings: Settings) => boolean): { on: LessonRun; off: LessonRun } | null {
  const runB = view.compare!;
  const onA = has(view.settings);
  const onB = has(runB.settings);
  if (onA === onB) return null;
  return onA ? { on: view, off: runB } : { on: runB, off: view };
}

// ------------------------------------------------------------------- 1. generalization

const GENERALIZATION_MIN_EPOCHS = 20;
/** A training accuracy this far above validation counts as memorizing (classification). */
const MEMORIZING_ACCURACY_GAP = 0.1;
/** A validation loss this many times the training loss counts as memorizing (regression). */
const MEMORIZING_LOSS_RATIO = 3;
/** Below this training accuracy the network does not even fit its examples: no generalization to speak of. */
const UNDERFITTING_ACCURACY = 0.8;

interface Memorizing {
  gap: GeneralizationGap;
  /** The gap in one number: accuracy points (classification) or loss ratio - 1 (regression). */
  size: number;
  memorizing: boolean;
  /** Classification: the network gets fewer than UNDERFITTING_ACCURACY of its own examples right. */
  underfitting: boolean;
  sentence: string;
}

function measureMemorizing(run: LessonRun, task: TaskKind): Memorizing | null {
  const gap = generalizationGap(run.epochs);
  if (gap === null) return null;
  const count = formatCount(run.settings.trainCount);
  if (task === 'classification' && gap.accuracyGap !== null && gap.trainAccuracy !== null && gap.validationAccuracy !== null) {
    const memorizing = gap.accuracyGap >= MEMORIZING_ACCURACY_GAP;
    return {
      gap,
      size: gap.accuracyGap,
      memorizing,
      underfitting: gap.trainAccuracy < UNDERFITTING_ACCURACY,
      sentence: `with ${count} training examples: ${formatAccuracy(gap.trainAccuracy)} right on them, ${formatAccuracy(gap.validationAccuracy)} on new points, a gap of ${formatPoints(gap.accuracyGap)}`,
    };
  }
  const memorizing = gap.lossRatio >= MEMORIZING_LOSS_RATIO;
  return {
    gap,
    size: gap.lossRatio - 1,
    memorizing,
    underfitting: false,
    sentence: `with ${count} training examples: validation loss ${formatValue(gap.validationLoss)} is ${formatTimes(gap.lossRatio)} the training loss ${formatValue(gap.trainLoss)}`,
  };
}

function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function checkGeneralization(view: LessonRunView): LessonCheck {
  if (view.compare) return checkGeneralizationCompare(view);
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, GENERALIZATION_MIN_EPOCHS);
  if (gate) return gate;
  const measured = measureMemorizing(view, view.task);
  if (measured === null) return waiting('Waiting for finite losses.');
  return {
    status: measured.memorizing ? 'holds' : 'does-not-hold',
    headline: `${capitalize(measured.sentence)}${
      measured.memorizing ? ': the network memorized its few examples.' : measured.underfitting ? ': it does not even fit its training examples (underfitting).' : ': it generalizes, no memorizing here.'
    }`,
    details: [`Training loss ${formatValue(measured.gap.trainLoss)}, validation loss ${formatValue(measured.gap.validationLoss)} (mean of the last 3 epochs).`],
    numbers: { trainCount: view.settings.trainCount, gap: measured.size, trainLoss: measured.gap.trainLoss, validationLoss: measured.gap.validationLoss },
  };
}

function checkGeneralizationCompare(view: LessonRunView): LessonCheck {
  const gate = compareGate(view, GENERALIZATION_MIN_EPOCHS);
  if (gate) return gate;
  const runB = view.compare!;
  const [small, large] = view.settings.trainCount <= runB.settings.trainCount ? [view, runB] : [runB, view];
  const fewer = measureMemorizing(small, view.task);
  const more = measureMemorizing(large, view.task);
  if (fewer === null || more === null) return waiting('Waiting for finite losses in both runs.');
  if (view.settings.trainCount === runB.settings.trainCount) {
    return {
      status: 'does-not-hold',
      headline: `Both runs train on ${formatCount(view.settings.trainCount)} examples (${fewer.memorizing || more.memorizing ? 'memorizing' : 'no memorizing'}): give run B a different number to compare.`,
      details: [`${capitalize(fewer.sentence)}.`, `${capitalize(more.sentence)}.`],
      numbers: { smallGap: fewer.size, largeGap: more.size },
    };
  }
  const holds = fewer.memorizing && more.size <= fewer.size / 2;
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${capitalize(fewer.sentence)}; ${more.sentence}.${holds ? ' More data, much smaller gap.' : ' The larger set did not halve the gap here.'}`,
    numbers: { smallGap: fewer.size, largeGap: more.size },
  };
}

// --------------------------------------------------------------------------- 2. fitting

const FITTING_MIN_EPOCHS = 30;
/** A recent validation loss this much above its minimum (with training still falling) is overfitting. */
const OVERFITTING_RISE = 0.2;
/** ...and the validation loss at least this many times the training loss (a noisy curve alone is no overfitting). */
const OVERFITTING_GAP_RATIO = 1.5;
/** Regression sets whose "noise" is the standard deviation of the target noise (catalog.ts). */
const NOISE_IS_TARGET_SD: ReadonlySet<string> = new Set(['sine', 'plane', 'bumps']);
/** A training RMSE this many times the target noise means the network cannot follow the curve. */
const UNDERFITTING_RMSE = 1.3;

function checkFitting(view: LessonRunView): LessonCheck {
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, FITTING_MIN_EPOCHS);
  if (gate) return gate;
  const signature = overfittingSignature(view.epochs);
  if (signature === null) return waiting('Waiting for finite losses.');
  const { minimum, rise } = signature;
  const trainKeptFalling = signature.recentTrainLoss < 0.95 * minimum.trainLoss;
  const gapRatio = signature.recentValidationLoss / Math.max(signature.recentTrainLoss, 1e-12);
  const overfitting = rise >= OVERFITTING_RISE && trainKeptFalling && gapRatio >= OVERFITTING_GAP_RATIO;
  const details: string[] = [];
  const numbers: Record<string, number> = { rise, gapRatio, minimumEpoch: minimum.epoch, recentTrainLoss: signature.recentTrainLoss };
  const noise = view.settings.noise;
  const rmse = view.epochs[view.epochs.length - 1].trainRmse;
  let underfitting = false;
  if (view.task === 'regression' && NOISE_IS_TARGET_SD.has(view.settings.dataset) && noise > 0 && rmse !== null) {
    underfitting = rmse > UNDERFITTING_RMSE * noise;
    numbers.rmseOverNoise = rmse / noise;
    details.push(
      `Training RMSE ${formatValue(rmse)} against noise of ${formatValue(noise)}: ${
        underfitting ? 'the network is too simple to follow the curve (underfitting).' : rmse < 0.8 * noise ? 'below the noise, so it fits noise too.' : 'about the noise, as a good fit should be.'
      }`,
    );
  }
  const minimumText = `its minimum ${formatValue(minimum.validationLoss)} at epoch ${formatCount(minimum.epoch)}`;
  let headline: string;
  if (overfitting) {
    headline = `Validation loss rose ${formatPercent(rise)} after ${minimumText} while training loss kept falling (${formatValue(minimum.trainLoss)} → ${formatValue(signature.recentTrainLoss)}): overfitting.`;
  } else if (rise >= OVERFITTING_RISE && !trainKeptFalling) {
    headline = `Validation loss is ${formatPercent(rise)} above ${minimumText}, but training loss did not fall meanwhile (${formatValue(minimum.trainLoss)} → ${formatValue(signature.recentTrainLoss)}): unstable training, not overfitting.`;
  } else if (rise >= OVERFITTING_RISE) {
    headline = `Validation loss is ${formatPercent(rise)} above ${minimumText} but only ${formatTimes(gapRatio)} the training loss ${formatValue(signature.recentTrainLoss)}: noise in the curve, no real overfitting.`;
  } else {
    headline = `No overfitting: validation loss is ${formatPercent(rise)} above ${minimumText}${underfitting ? ', and both losses stay high: underfitting.' : '.'}`;
  }
  return { status: overfitting ? 'holds' : 'does-not-hold', headline, details, numbers };
}

// ------------------------------------------------------------------------------ 3. L1 vs L2

const L1_MIN_EPOCHS = 20;
/** L1 "found the features" when at least this share of noise features is pruned and no informative one is. */
const PRUNED_SHARE = 0.75;

function penaltyLabel(settings: Settings): string {
  const parts: string[] = [];
  if (l1On(settings)) parts.push(`L1 (λ₁ = ${settings.l1}${settings.l1Proximal ? ', exact zeros' : ''})`);
  if (l2On(settings)) parts.push(`L2 (λ₂ = ${settings.l2})`);
  if (settings.weightDecay > 0) parts.push(`weight decay ${settings.weightDecay}`);
  return parts.length > 0 ? parts.join(' + ') : 'No penalty';
}

function selectionOf(run: LessonRun, view: LessonRunView): FeatureSelection | null {
  return featureSelection(run.parameters, view.informativeFeatures ?? [], view.featureNames.length);
}

function foundFeatures(selection: FeatureSelection): boolean {
  return selection.prunedNoise >= PRUNED_SHARE * selection.noiseFeatures && selection.lostInformative.length === 0;
}

function checkL1(view: LessonRunView): LessonCheck {
  if (view.informativeFeatures === null) {
    return waiting('This check needs the many-features set, whose informative features are known: load the lesson.');
  }
  const gate = view.compare ? compareGate(view, L1_MIN_EPOCHS) : divergedCheck(view) ?? needEpochs(view.epochs, L1_MIN_EPOCHS);
  if (gate) return gate;
  if (view.parameters === null || (view.compare && view.compare.parameters === null)) return waiting('Waiting for the weights (they come with the next snapshot).');
  if (view.compare) return checkL1Compare(view);
  const selection = selectionOf(view, view);
  if (selection === null) return waiting('The first layer does not read the features directly (convolutions?): nothing to count.');
  const holds = foundFeatures(selection);
  const names = view.informativeFeatures.map((index) => view.featureNames[index] ?? `feature ${index + 1}`);
  const lost = selection.lostInformative.map((index) => view.featureNames[index] ?? `feature ${index + 1}`);
  const details = [
    `Informative features: ${listOf(names)}${lost.length > 0 ? `; pruned by mistake: ${listOf(lost)}` : ''}.`,
    `Largest first-layer weight of a noise feature: ${formatValue(selection.largestNoiseWeight)}.`,
  ];
  if (l1On(view.settings) && !view.settings.l1Proximal) details.push('Plain L1 (as in Keras and PyTorch) leaves weights hovering near zero; "Exact zeros" makes them 0.');
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${penaltyLabel(view.settings)}: ${selection.prunedNoise} of ${selection.noiseFeatures} noise features have every first-layer weight below ${selection.threshold}; ${selection.keptInformative} of ${selection.informativeFeatures} informative features kept.${holds ? ' The network found the features that matter.' : ''}`,
    details,
    numbers: { prunedNoise: selection.prunedNoise, noiseFeatures: selection.noiseFeatures, keptInformative: selection.keptInformative },
  };
}

function checkL1Compare(view: LessonRunView): LessonCheck {
  const runB = view.compare!;
  const selectionA = selectionOf(view, view);
  const selectionB = selectionOf(runB, view);
  if (selectionA === null || selectionB === null) return waiting('The first layer does not read the features directly: nothing to count.');
  const sentence = (run: LessonRun, selection: FeatureSelection) => `${penaltyLabel(run.settings)}: ${selection.prunedNoise} of ${selection.noiseFeatures}`;
  const headlineCounts = `Noise features with every first-layer weight below ${selectionA.threshold}: ${sentence(view, selectionA)}; ${sentence(runB, selectionB)}.`;
  const numbers = { prunedA: selectionA.prunedNoise, prunedB: selectionB.prunedNoise, noiseFeatures: selectionA.noiseFeatures };
  const split = splitRuns(view, l1On);
  if (split === null) {
    return { status: 'does-not-hold', headline: `${headlineCounts} ${l1On(view.settings) ? 'Both runs use L1' : 'Neither run uses L1'}, so this compares nothing.`, numbers };
  }
  const withL1 = split.on === view ? selectionA : selectionB;
  const withoutL1 = split.on === view ? selectionB : selectionA;
  const holds = foundFeatures(withL1) && withoutL1.prunedNoise < withL1.prunedNoise;
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${headlineCounts}${holds ? ' L1 dropped the useless inputs; the other run kept them.' : ' L1 did not single out the informative features here.'}`,
    numbers,
  };
}

// ------------------------------------------------------------------------------ 4. dropout

const DROPOUT_MIN_EPOCHS = 8;
/** Validation loss this many times the training loss: the network memorized its training set. */
const DROPOUT_MEMORIZING_RATIO = 15;
/** Dropout "reduced overfitting" when the validation/training loss ratio is this many times smaller than without it... */
const DROPOUT_GAP_SHRINK = 2;
/** ...and the validation loss is at most this much higher (it should not get worse). */
const DROPOUT_WORSE_TOLERANCE = 0.02;

function checkDropout(view: LessonRunView): LessonCheck {
  if (view.compare) return checkDropoutCompare(view);
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, DROPOUT_MIN_EPOCHS);
  if (gate) return gate;
  const gap = generalizationGap(view.epochs);
  if (gap === null) return waiting('Waiting for finite losses.');
  const on = dropoutOn(view.settings);
  const memorized = gap.lossRatio >= DROPOUT_MEMORIZING_RATIO;
  const figures = `training loss ${formatValue(gap.trainLoss)}, validation loss ${formatValue(gap.validationLoss)} (${formatTimes(gap.lossRatio)})`;
  const headline = on
    ? `With dropout ${view.settings.dropoutRate}: ${figures}${memorized ? ': even so, the network memorized its training set.' : ': the network is not memorizing its training set.'}`
    : `Without dropout: ${figures}${memorized ? ': the network memorized its training set.' : ': not memorizing yet.'}`;
  const details = [
    gap.validationAccuracy !== null ? `Validation accuracy ${formatAccuracy(gap.validationAccuracy)} (mean of the last 3 epochs).` : `Mean of the last 3 epochs.`,
    'One run cannot show what dropout changed: the comparison trains the same network, same data and batches, without it.',
  ];
  return { status: on && !memorized ? 'holds' : 'does-not-hold', headline, details, numbers: { lossRatio: gap.lossRatio, validationLoss: gap.validationLoss } };
}

function checkDropoutCompare(view: LessonRunView): LessonCheck {
  const gate = compareGate(view, DROPOUT_MIN_EPOCHS);
  if (gate) return gate;
  const split = splitRuns(view, dropoutOn);
  const gapA = generalizationGap(view.epochs);
  const gapB = generalizationGap(view.compare!.epochs);
  if (gapA === null || gapB === null) return waiting('Waiting for finite losses in both runs.');
  if (split === null) {
    return {
      status: 'does-not-hold',
      headline: `${dropoutOn(view.settings) ? 'Both runs use dropout' : 'Neither run uses dropout'}: validation loss ${formatTimes(gapA.lossRatio)} and ${formatTimes(gapB.lossRatio)} the training loss, nothing to compare.`,
      numbers: { gapShrink: 1 },
    };
  }
  const withDropout = split.on === view ? gapA : gapB;
  const without = split.on === view ? gapB : gapA;
  // Overfitting is the gap; "better on unseen data" is the validation loss. The claim needs both:
  // a much smaller gap, and a validation loss that is not worse.
  const gapShrink = without.lossRatio / withDropout.lossRatio;
  const change = withDropout.validationLoss / without.validationLoss - 1;
  const holds = gapShrink >= DROPOUT_GAP_SHRINK && change <= DROPOUT_WORSE_TOLERANCE;
  const lossChange = Math.abs(change) < 0.005 ? 'the same' : `${formatPercent(Math.abs(change))} ${change < 0 ? 'lower' : 'higher'} with dropout`;
  const accuracy =
    withDropout.validationAccuracy !== null && without.validationAccuracy !== null
      ? `, accuracy ${formatAccuracy(withDropout.validationAccuracy)} with and ${formatAccuracy(without.validationAccuracy)} without`
      : '';
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `Validation loss is ${formatTimes(withDropout.lossRatio)} the training loss with dropout, ${formatTimes(without.lossRatio)} without: ${
      gapShrink >= DROPOUT_GAP_SHRINK ? `dropout shrank that gap ${formatTimes(gapShrink)}` : 'dropout hardly changed that gap'
    }. On unseen digits: validation loss ${formatValue(withDropout.validationLoss)} vs ${formatValue(without.validationLoss)} (${lossChange})${accuracy}.`,
    details: [
      `Training loss ${formatValue(withDropout.trainLoss)} with dropout, ${formatValue(without.trainLoss)} without (mean of the last 3 epochs).`,
      'The dropout paper trained far bigger networks for hundreds of epochs; the longer the training, the more the run without dropout overfits.',
    ],
    numbers: { gapShrink, validationChange: change, withDropout: withDropout.validationLoss, without: without.validationLoss },
  };
}

// ----------------------------------------------------------------------- 5. early stopping

function checkEarlyStopping(view: LessonRunView): LessonCheck {
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, 2);
  if (gate) return gate;
  const { settings, epochs } = view;
  const rule = { patience: settings.patience, minDelta: settings.minDelta, startFromEpoch: settings.startFromEpoch };
  const trace = traceEarlyStopping(epochs, rule);
  const last = epochs[epochs.length - 1];
  if (settings.earlyStopping) {
    const stop = trace.stop !== null && trace.stop.epoch === last.epoch ? trace.stop : null;
    if (stop === null) {
      return waiting(
        trace.bestEpoch === null
          ? `Early stopping starts counting after epoch ${settings.startFromEpoch}.`
          : `Best validation loss so far ${formatValue(trace.bestValue!)} at epoch ${formatCount(trace.bestEpoch)}; ${trace.wait} of ${plural(settings.patience, 'epoch')} of patience used.`,
      );
    }
    const rise = stop.value / stop.bestValue - 1;
    const numbers = { stopEpoch: stop.epoch, bestEpoch: stop.bestEpoch, rise };
    const stopped = `Early stopping stopped at epoch ${formatCount(stop.epoch)}, ${plural(stop.epoch - stop.bestEpoch, 'epoch')} after the best validation loss (${formatValue(stop.bestValue)} at epoch ${formatCount(stop.bestEpoch)})`;
    if (!settings.restoreBest) {
      return {
        status: 'does-not-hold',
        headline: `${stopped}, but "Restore best weights" is off: the run keeps the weights of epoch ${formatCount(stop.epoch)} (validation loss ${formatValue(stop.value)}), not the best ones.`,
        numbers,
      };
    }
    return {
      status: 'holds',
      headline: `${stopped}; by then it had ${rise > 0 ? `risen ${formatPercent(rise)} to ${formatValue(stop.value)}` : 'stopped improving'}. The weights of epoch ${formatCount(stop.bestEpoch)} are back.`,
      details: [`Patience ${settings.patience}: the run waited that many epochs for a new best before stopping.`],
      numbers,
    };
  }
  const signature = overfittingSignature(epochs);
  const minimum = validationMinimum(epochs);
  if (signature === null || minimum === null) return waiting('Waiting for finite losses.');
  const epochsPast = last.epoch - minimum.epoch;
  const firstStop = trace.firstStop;
  const wouldHave = firstStop ? ` With patience ${settings.patience} it would have stopped at epoch ${formatCount(firstStop.epoch)} and kept ${formatValue(firstStop.bestValue)}.` : '';
  return {
    status: 'does-not-hold',
    headline: `Early stopping is off: training ran ${plural(epochsPast, 'epoch')} past the best validation loss (${formatValue(minimum.validationLoss)} at epoch ${formatCount(minimum.epoch)}), which is now ${formatPercent(signature.rise)} higher (${formatValue(signature.recentValidationLoss)}).${wouldHave}`,
    numbers: { epochsPast, rise: signature.rise },
  };
}

// --------------------------------------------------------------------------- 6. gradients

const GRADIENT_MIN_EPOCHS = 3;
/** First-layer gradient below this fraction of the last layer's: vanishing. */
const VANISHING_RATIO = 1e-3;
/** Above this multiple: exploding. */
const EXPLODING_RATIO = 1e3;

const INITIALIZER_NAMES: Readonly<Record<Settings['initializer'], string>> = {
  auto: 'auto initialization',
  heNormal: 'He normal',
  heUniform: 'He uniform',
  glorotNormal: 'Glorot normal',
  glorotUniform: 'Glorot uniform',
  normal1: 'N(0, 1)',
  normal001: 'N(0, 0.01²)',
};

const ACTIVATION_NAMES: Readonly<Record<Settings['activation'], string>> = {
  relu: 'ReLU',
  leakyRelu: 'leaky ReLU',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  linear: 'linear',
};

function networkLabel(settings: Settings): string {
  return `${ACTIVATION_NAMES[settings.activation]} with ${INITIALIZER_NAMES[settings.initializer]}`;
}

type GradientHealth = { kind: 'vanishing' | 'exploding' | 'healthy' | 'diverged' | 'unknown'; sentence: string; ratio: number | null };

function gradientHealth(run: LessonRun): GradientHealth {
  if (run.diverged) {
    return { kind: 'diverged', ratio: null, sentence: `training diverged at step ${formatCount(run.diverged.step)} (${run.diverged.where} became NaN or infinite): the updates exploded` };
  }
  const measured = gradientRatio(run.epochs);
  if (measured === null) return { kind: 'unknown', ratio: null, sentence: 'no gradient norms yet' };
  const norms = `(${measured.firstLayer} ${formatValue(measured.firstNorm)}, ${measured.lastLayer} ${formatValue(measured.lastNorm)})`;
  if (measured.ratio < VANISHING_RATIO) {
    return { kind: 'vanishing', ratio: measured.ratio, sentence: `the first layer's gradient is ${formatTimes(measured.ratio)} the last layer's ${norms}: it vanishes on the way back` };
  }
  if (measured.ratio > EXPLODING_RATIO) {
    return { kind: 'exploding', ratio: measured.ratio, sentence: `the first layer's gradient is ${formatTimes(measured.ratio)} the last layer's ${norms}: it explodes on the way back` };
  }
  return { kind: 'healthy', ratio: measured.ratio, sentence: `the first layer's gradient is ${formatTimes(measured.ratio)} the last layer's ${norms}: healthy, no vanishing or exploding` };
}

function unstable(health: GradientHealth): boolean {
  return health.kind === 'vanishing' || health.kind === 'exploding' || health.kind === 'diverged';
}

function checkGradients(view: LessonRunView): LessonCheck {
  if (view.compare) return checkGradientsCompare(view);
  const health = gradientHealth(view);
  if (health.kind !== 'diverged') {
    const gate = needEpochs(view.epochs, GRADIENT_MIN_EPOCHS);
    if (gate) return gate;
  }
  if (health.kind === 'unknown') return waiting('Waiting for gradient norms (a network needs at least two layers).');
  const details: string[] = [];
  const last = view.epochs[view.epochs.length - 1];
  if (last) details.push(`Training loss ${formatValue(last.trainLoss)} at epoch ${formatCount(last.epoch)}.`);
  if (view.settings.clipMode !== 'none') details.push(`Clipping is on (${view.settings.clipMode === 'norm' ? 'global norm' : 'by value'} ${view.settings.clipValue}): it caps each step, not the ratio between layers.`);
  else if (health.kind === 'diverged' || health.kind === 'exploding') details.push('Gradient clipping (global norm 1) caps the step; so does a smaller learning rate.');
  return {
    status: unstable(health) ? 'holds' : 'does-not-hold',
    headline: `${capitalize(networkLabel(view.settings))}: ${health.sentence}.`,
    details,
    numbers: health.ratio === null ? {} : { ratio: health.ratio },
  };
}

function checkGradientsCompare(view: LessonRunView): LessonCheck {
  const runB = view.compare!;
  const healthA = gradientHealth(view);
  const healthB = gradientHealth(runB);
  for (const [run, health] of [[view, healthA], [runB, healthB]] as const) {
    if (health.kind !== 'diverged') {
      const gate = needEpochs(run.epochs, GRADIENT_MIN_EPOCHS);
      if (gate) return gate;
    }
    if (health.kind === 'unknown') return waiting('Waiting for gradient norms in both runs.');
  }
  const holds = unstable(healthA) !== unstable(healthB);
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${capitalize(networkLabel(view.settings))}: ${healthA.sentence}; ${networkLabel(runB.settings)}: ${healthB.sentence}.`,
    numbers: { ratioA: healthA.ratio ?? NaN, ratioB: healthB.ratio ?? NaN },
  };
}

// ------------------------------------------------------------------------- 7. batch norm

/** The validation loss both runs race to. */
const BATCH_NORM_TARGET = 0.3;
/** "Faster" means reaching the target in at most 1/1.5 of the epochs. */
const BATCH_NORM_SPEEDUP = 1.5;
const BATCH_NORM_MIN_EPOCHS = 2;

function reachSentence(run: LessonRun, withBatchNorm: boolean): string {
  const hit = firstEpochReaching(run.epochs, BATCH_NORM_TARGET);
  const who = withBatchNorm ? 'with batch norm' : 'without it';
  return hit ? `${who} at epoch ${formatCount(hit.epoch)}` : `${who} not within ${plural(run.epochs.length, 'epoch')}`;
}

function checkBatchNorm(view: LessonRunView): LessonCheck {
  const target = formatValue(BATCH_NORM_TARGET);
  if (!view.compare) {
    const gate = divergedCheck(view) ?? needEpochs(view.epochs, BATCH_NORM_MIN_EPOCHS);
    if (gate) return gate;
    const hit = firstEpochReaching(view.epochs, BATCH_NORM_TARGET);
    const on = view.settings.batchNorm;
    return waiting(
      `${on ? 'With' : 'Without'} batch norm the validation loss ${hit ? `reached ${target} at epoch ${formatCount(hit.epoch)}` : `has not reached ${target} in ${plural(view.epochs.length, 'epoch')}`}. Open the comparison to race it against the run ${on ? 'without' : 'with'} batch norm.`,
    );
  }
  const runB = view.compare;
  if (view.diverged || runB.diverged) {
    const divergedRun = view.diverged ? view : runB;
    const holds = !divergedRun.settings.batchNorm && (view.diverged ? !runB.diverged : true) && view.settings.batchNorm !== runB.settings.batchNorm;
    return {
      status: holds ? 'holds' : 'does-not-hold',
      headline: `The run ${divergedRun.settings.batchNorm ? 'with' : 'without'} batch norm diverged at step ${formatCount(divergedRun.diverged!.step)}${holds ? '; the one with batch norm trained on at the same learning rate.' : '.'}`,
    };
  }
  const gate = needEpochs(view.epochs, BATCH_NORM_MIN_EPOCHS) ?? needEpochs(runB.epochs, BATCH_NORM_MIN_EPOCHS);
  if (gate) return gate;
  const split = splitRuns(view, (settings) => settings.batchNorm);
  if (split === null) {
    const both = view.settings.batchNorm ? 'Both runs use batch norm' : 'Neither run uses batch norm';
    const hitA = firstEpochReaching(view.epochs, BATCH_NORM_TARGET);
    const hitB = firstEpochReaching(runB.epochs, BATCH_NORM_TARGET);
    const when = (hit: EpochMetrics | null) => (hit ? `epoch ${formatCount(hit.epoch)}` : 'not yet');
    return { status: 'does-not-hold', headline: `${both}: they reached validation loss ${target} at ${when(hitA)} and ${when(hitB)}; nothing to compare.`, numbers: { speedup: 1 } };
  }
  const hitOn = firstEpochReaching(split.on.epochs, BATCH_NORM_TARGET);
  const hitOff = firstEpochReaching(split.off.epochs, BATCH_NORM_TARGET);
  const race = `Validation loss ${target} reached ${reachSentence(split.on, true)}, ${reachSentence(split.off, false)}`;
  const details = [
    'The guide says about 2× faster; Ioffe and Szegedy (2015) matched their baseline in under half the steps, and in 14× fewer with a 5× learning rate.',
  ];
  if (hitOn && hitOff) {
    const speedup = hitOff.epoch / hitOn.epoch;
    const holds = speedup >= BATCH_NORM_SPEEDUP;
    const verdict = speedup >= 1 ? `${formatTimes(speedup)} faster` : `${formatTimes(1 / speedup)} slower`;
    return { status: holds ? 'holds' : 'does-not-hold', headline: `${race}: ${verdict} with batch norm.`, details, numbers: { speedup, epochsWith: hitOn.epoch, epochsWithout: hitOff.epoch } };
  }
  if (hitOn && !hitOff) {
    const atLeast = split.off.epochs.length / hitOn.epoch;
    if (atLeast < BATCH_NORM_SPEEDUP) return waiting(`${race}; keep training to see how much faster.`);
    return { status: 'holds', headline: `${race}: more than ${formatTimes(atLeast)} faster with batch norm.`, details, numbers: { speedup: atLeast, epochsWith: hitOn.epoch } };
  }
  if (!hitOn && hitOff) {
    if (split.on.epochs.length < hitOff.epoch) return waiting(`${race}; keep training.`);
    return { status: 'does-not-hold', headline: `${race}: batch norm was slower here.`, details, numbers: { speedup: hitOff.epoch / split.on.epochs.length, epochsWithout: hitOff.epoch } };
  }
  return waiting(`${race}; keep training.`);
}

// --------------------------------------------------------------------- 8. best practices

const BEST_PRACTICES_MIN_EPOCHS = 20;
/** The kept weights generalize when their validation loss is within this of the run's best, and they do not memorize. */
const KEPT_NEAR_BEST = 0.1;

interface KeptModel {
  epoch: EpochMetrics;
  /** keptValidation / best validation - 1. */
  excess: number;
  /** keptValidation / keptTrain. */
  gapRatio: number;
  /** Training minus validation accuracy of the kept weights (classification), else null. */
  accuracyGap: number | null;
  best: number;
  generalizes: boolean;
  restored: boolean;
}

/** The weights a run ends with: the best epoch's when early stopping stopped and restored, else the last. */
function keptModel(run: LessonRun): KeptModel | null {
  const { epochs, settings } = run;
  const minimum = validationMinimum(epochs);
  if (minimum === null) return null;
  let kept = epochs[epochs.length - 1];
  let restored = false;
  if (settings.earlyStopping && settings.restoreBest) {
    const trace = traceEarlyStopping(epochs, { patience: settings.patience, minDelta: settings.minDelta, startFromEpoch: settings.startFromEpoch });
    if (trace.stop !== null && trace.stop.epoch === kept.epoch) {
      kept = epochs.find((metrics) => metrics.epoch === trace.stop!.bestEpoch) ?? kept;
      restored = true;
    }
  }
  const excess = kept.validationLoss / minimum.validationLoss - 1;
  const gapRatio = kept.validationLoss / Math.max(kept.trainLoss, 1e-12);
  const accuracyGap = kept.trainAccuracy !== null && kept.validationAccuracy !== null ? kept.trainAccuracy - kept.validationAccuracy : null;
  const memorizing = accuracyGap !== null ? accuracyGap >= MEMORIZING_ACCURACY_GAP : gapRatio >= MEMORIZING_LOSS_RATIO;
  return { epoch: kept, excess, gapRatio, accuracyGap, best: minimum.validationLoss, generalizes: excess <= KEPT_NEAR_BEST && !memorizing, restored };
}

function keptSentence(run: LessonRun, kept: KeptModel): string {
  const techniques = techniquesOn(run.settings);
  const withWhat = techniques.length > 0 ? `With ${listOf(techniques)}` : 'With no regularization';
  const where = kept.excess <= 1e-9 ? "the run's best" : `${formatPercent(kept.excess)} above the run's best ${formatValue(kept.best)}`;
  const { trainAccuracy, validationAccuracy } = kept.epoch;
  const gap =
    kept.accuracyGap !== null && trainAccuracy !== null && validationAccuracy !== null
      ? `accuracy ${formatAccuracy(trainAccuracy)} on training and ${formatAccuracy(validationAccuracy)} on validation data`
      : `${formatTimes(kept.gapRatio)} their training loss ${formatValue(kept.epoch.trainLoss)}`;
  return `${withWhat}, the kept weights (epoch ${formatCount(kept.epoch.epoch)}${kept.restored ? ', restored' : ''}) have validation loss ${formatValue(kept.epoch.validationLoss)} (${where}), ${gap}`;
}

function checkBestPractices(view: LessonRunView): LessonCheck {
  if (view.compare) return checkBestPracticesCompare(view);
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, BEST_PRACTICES_MIN_EPOCHS);
  if (gate) return gate;
  const kept = keptModel(view);
  if (kept === null) return waiting('Waiting for finite losses.');
  return {
    status: kept.generalizes ? 'holds' : 'does-not-hold',
    headline: `${keptSentence(view, kept)}${kept.generalizes ? ': they generalize.' : kept.excess > KEPT_NEAR_BEST ? ': the network overfit.' : ': they memorized the training set.'}`,
    numbers: { excess: kept.excess, gapRatio: kept.gapRatio, accuracyGap: kept.accuracyGap ?? NaN, keptValidationLoss: kept.epoch.validationLoss },
  };
}

function checkBestPracticesCompare(view: LessonRunView): LessonCheck {
  const gate = compareGate(view, BEST_PRACTICES_MIN_EPOCHS);
  if (gate) return gate;
  const runB = view.compare!;
  const keptA = keptModel(view);
  const keptB = keptModel(runB);
  if (keptA === null || keptB === null) return waiting('Waiting for finite losses in both runs.');
  const countA = techniquesOn(view.settings).length;
  const countB = techniquesOn(runB.settings).length;
  if (countA === countB) {
    return { status: 'does-not-hold', headline: `Both runs use the same number of techniques: kept validation loss ${formatValue(keptA.epoch.validationLoss)} and ${formatValue(keptB.epoch.validationLoss)}.`, numbers: { gain: 0 } };
  }
  const [more, fewer, moreRun, fewerRun] = countA > countB ? [keptA, keptB, view, runB] : [keptB, keptA, runB, view];
  const gain = 1 - more.epoch.validationLoss / fewer.epoch.validationLoss;
  const holds = more.generalizes && gain >= KEPT_NEAR_BEST;
  const fewerTechniques = techniquesOn(fewerRun.settings);
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `Kept validation loss ${formatValue(more.epoch.validationLoss)} with ${listOf(techniquesOn(moreRun.settings))}; ${formatValue(fewer.epoch.validationLoss)} with ${fewerTechniques.length > 0 ? listOf(fewerTechniques) : 'none of them'}: ${formatPercent(Math.abs(gain))} ${gain >= 0 ? 'lower' : 'higher'} with the full recipe.`,
    details: [keptSentence(moreRun, more) + '.', keptSentence(fewerRun, fewer) + '.'],
    numbers: { gain },
  };
}

// ------------------------------------------------------------------------------ the table

/** Every lesson, in teaching order (the guide's). */
export const LESSONS: readonly Lesson[] = [
  {
    id: 'generalization',
    title: 'Generalization: how much data is enough?',
    topic: 'generalization',
    text:
      'A model generalizes when it does well on examples it has never seen. Thirty points of two interleaved spirals are few for a network with two layers of 32 units: it can learn each point by heart, reaching 100% on them while it misjudges many new points. With more examples there is less room to memorize, and the gap closes.',
    tryThis: [
      'Press Play and watch the training accuracy reach 100% while validation lags far behind.',
      'Raise Training examples to 500 and reset: the gap nearly disappears.',
      'Set Noise to 0 and reset: even clean spirals are memorized, not learned, from 30 points.',
    ],
    preset: preset({ dataset: 'spirals', trainCount: 30, noise: 0.2, validationFraction: 0.5, classes: 2, seed: 1, hiddenLayers: [32, 32], activation: 'relu', optimizer: 'adam', learningRate: 0.01, batchSize: 16 }),
    steps: 1000,
    compare: { trainCount: 500 },
    compareLabel: '500 training examples',
    hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'batchNorm', 'earlyStopping'],
    check: checkGeneralization,
  },
  {
    id: 'fitting',
    title: 'Over- and underfitting: the 1D curve',
    topic: 'fitting',
    text:
      'Ten noisy points from a sine curve (and thirty more to validate on). Two layers of 64 units have far more freedom than ten points can pin down: after finding the curve, the network bends itself through the noise of each point. Training loss keeps falling while validation loss turns upward: overfitting. A network that is too small cannot even follow the curve, and both losses stay high: underfitting.',
    tryThis: [
      'Play until the validation loss turns upward while the training loss keeps dropping.',
      'Set Hidden layers to "3" and reset: no upturn, but a coarse curve.',
      'Clear Hidden layers (no hidden layer): a straight line, and both losses stay high.',
      'Raise Training examples to 200: with enough points the big network fits the curve well.',
    ],
    preset: preset({ dataset: 'sine', trainCount: 10, noise: 0.3, validationFraction: 0.75, seed: 1, hiddenLayers: [64, 64], activation: 'relu', optimizer: 'adam', learningRate: 0.02, batchSize: 10 }),
    steps: 2000,
    hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'batchNorm', 'earlyStopping'],
    check: checkFitting,
  },
  {
    id: 'l1-l2',
    title: 'L1 vs L2: which features matter?',
    topic: 'l1-l2',
    text:
      'Twenty inputs, of which only three decide the label; the other seventeen are noise. L1 adds λ₁·Σ|w| to the loss, a pull toward zero of the same strength for every weight: weights that do not pay for themselves end at exactly zero (with the exact-zeros step used here), and the network stops listening to those inputs. L2 adds λ₂·Σw², a pull that fades as the weight shrinks: every weight gets smaller, almost none reaches zero.',
    tryThis: [
      'Play, then look at the first layer in the weight histograms: a spike grows at 0.',
      'Switch L1 off and L2 on (λ₂ = 0.07) and reset: the noise weights shrink but stay.',
      'Switch "Exact zeros" off: the noise weights hover around 0.02 instead of reaching 0, as in Keras and PyTorch.',
      'Set Informative features to 6 and reset: each matters less, and λ₁ = 0.07 prunes them all; λ₁ = 0.03 keeps the six.',
    ],
    preset: preset({
      dataset: 'features',
      featureCount: 20,
      informativeCount: 3,
      trainCount: 500,
      noise: 0.2,
      validationFraction: 0.5,
      seed: 1,
      hiddenLayers: [8],
      activation: 'relu',
      optimizer: 'sgd',
      learningRate: 0.3,
      batchSize: 250,
      l1Enabled: true,
      l1: 0.07,
      l1Proximal: true,
      l2: 0.07,
    }),
    steps: 600,
    compare: { l1Enabled: false, l2Enabled: true, l2: 0.07 },
    compareLabel: 'L2 instead of L1',
    sweep: 'l2-strength',
    hide: ['dropoutEnabled', 'batchNorm', 'earlyStopping'],
    contested:
      'The guide equates L2 with weight decay. With plain SGD they are the same (Keras l2(λ) equals PyTorch weight_decay = 2λ). With Adam they differ: the L2 gradient is divided by Adam\'s per-weight step scale, so weights with large gradients are hardly decayed. AdamW (Loshchilov and Hutter, 2019) applies the decay outside the gradient: "Weight decay (decoupled)" here.',
    check: checkL1,
  },
  {
    id: 'dropout',
    title: 'Dropout on handwritten digits',
    topic: 'dropout',
    text:
      '2,000 real handwritten digits (14×14 pixels) and a hidden layer of 128 units, plenty to memorize them in a few epochs. Dropout switches off a random half of the hidden units at every training step and scales the others up, so no unit can count on particular partners; for validation all units work together. Rate is the fraction dropped (Keras rate, PyTorch p); the dropout paper\'s p is the fraction kept. The gain needs enough data: on tiny sets of 100 to 500 examples the paper saw little or none.',
    tryThis: [
      'Play for 10 epochs and compare the training and validation loss.',
      'Switch dropout off and reset: the training loss falls toward 0 while validation stalls.',
      'Try rates 0.2 and 0.8: at 0.2 the network memorizes more; at 0.8 it learns less.',
      'Open the comparison to train both versions side by side.',
    ],
    preset: preset({
      dataset: 'digits',
      trainCount: 2000,
      digitsResolution: '14',
      seed: 1,
      hiddenLayers: [128],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 0.005,
      batchSize: 32,
      dropoutEnabled: true,
      dropoutRate: 0.5,
    }),
    steps: 630,
    compare: { dropoutEnabled: false },
    compareLabel: 'without dropout',
    sweep: 'dropout-rate',
    hide: ['l1Enabled', 'l2Enabled', 'batchNorm', 'earlyStopping'],
    contested:
      'The guide says dropout stops neurons from depending on each other. That "co-adaptation" story was the original motivation (Hinton et al. 2012), an intuition rather than a measurement. Other readings: training a huge ensemble of thinned networks that share weights (Srivastava et al. 2014), or an adaptive L2 penalty (Wager et al. 2013).',
    check: checkDropout,
  },
  {
    id: 'early-stopping',
    title: 'Early stopping: keep the best epoch',
    topic: 'early-stopping',
    text:
      'Eighty noisy points of two moons and a network that will overfit them. Early stopping checks the validation loss after every epoch, remembers the weights of the best one, and stops once there has been no new best for "patience" epochs; then it puts the best weights back. A small patience may stop on a random wiggle; a large one wastes epochs.',
    tryThis: [
      'Play: the run stops by itself, and the chart marks the best epoch.',
      'Set Patience to 0 and reset: it stops at the first wiggle, maybe too soon.',
      'Switch "Restore best weights" off (Keras\'s default): the run keeps its worse last weights.',
      'Switch early stopping off and let it run: the validation loss keeps climbing.',
    ],
    preset: preset({
      dataset: 'moons',
      trainCount: 80,
      noise: 0.6,
      validationFraction: 0.5,
      seed: 1,
      hiddenLayers: [64, 64],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 16,
      earlyStopping: true,
      patience: 20,
      restoreBest: true,
    }),
    steps: 1000,
    hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'batchNorm'],
    check: checkEarlyStopping,
  },
  {
    id: 'gradients',
    title: 'Vanishing and exploding gradients',
    topic: 'gradients',
    text:
      'Six sigmoid layers that start with tiny weights, drawn from N(0, 0.01²). On the way back each layer multiplies the gradient by its small weights and by the slope of the sigmoid, at most 0.25, so the first layer gets almost nothing and the network cannot learn the circle. ReLU (slope 1) with He initialization (variance 2/inputs) keeps the gradient about the same size in every layer. The opposite failure, gradients or steps that grow until the numbers overflow, is tamed by gradient clipping.',
    tryThis: [
      'Play and read the gradient norm per layer: the first is about 1e-12 of the last.',
      'Choose ReLU and He normal and reset: every layer gets a gradient of similar size, and the circle is learned.',
      'With ReLU and He, set the learning rate to 1: it diverges in a few steps. Set clipping to global norm 1 and reset.',
      'Try sigmoid with Glorot: better than naive, but still shrinking layer by layer.',
    ],
    preset: preset({
      dataset: 'circle',
      trainCount: 200,
      noise: 0.1,
      validationFraction: 0.5,
      seed: 1,
      hiddenLayers: [16, 16, 16, 16, 16, 16],
      activation: 'sigmoid',
      initializer: 'normal001',
      optimizer: 'sgd',
      learningRate: 0.1,
      batchSize: 16,
    }),
    steps: 300,
    compare: { activation: 'relu', initializer: 'heNormal' },
    compareLabel: 'ReLU with He',
    hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'earlyStopping'],
    check: checkGradients,
  },
  {
    id: 'batch-norm',
    title: 'Batch normalization: faster training?',
    topic: 'batch-norm',
    text:
      'A deep network, four ReLU layers of 32 units, trained on spirals with plain SGD at a learning rate of 0.3. Batch norm rescales each unit\'s input over the minibatch to mean 0 and variance 1, then learns its own scale and shift. The check counts the epochs until the validation loss first reaches 0.30, with and without batch norm, on the same data, initial weights and batch order.',
    tryThis: [
      'Open the comparison: both runs train side by side.',
      'Raise the learning rate to 1: without batch norm the network stalls at chance level; with it, it still learns, if bumpily.',
      'BN momentum is 0.9 here (PyTorch\'s 0.1). Set it to 0.99, Keras\'s default: the running averages used for validation lag behind, and the target comes much later.',
    ],
    preset: preset({
      dataset: 'spirals',
      trainCount: 300,
      noise: 0.1,
      validationFraction: 0.5,
      classes: 2,
      seed: 1,
      hiddenLayers: [32, 32, 32, 32],
      activation: 'relu',
      optimizer: 'sgd',
      learningRate: 0.3,
      batchSize: 32,
      batchNormMomentum: 0.9,
    }),
    steps: 800,
    compare: { batchNorm: true },
    compareLabel: '+ batch norm',
    hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'earlyStopping'],
    contested:
      'The guide credits batch norm with reducing "internal covariate shift", the explanation of Ioffe and Szegedy (2015). Santurkar et al. (2018) found that BN barely changes that shift, and that training with deliberately shifted layer inputs still benefits from BN; they attribute the speed to a smoother loss landscape, which tolerates larger steps.',
    check: checkBatchNorm,
  },
  {
    id: 'best-practices',
    title: 'Best practices: all together',
    topic: 'best-practices',
    text:
      'Eighty noisy points on a circle and two layers of 64 units: left alone, this network overfits. Here the usual recipe is on at once: standardized inputs, batch norm, dropout, a small L2 penalty, and early stopping that keeps the best weights. The check asks whether the weights the run ends with generalize: their validation loss close to the run\'s best and to their own training loss.',
    tryThis: [
      'Play: early stopping ends the run and restores the best epoch.',
      'Open the comparison: the same network with every technique off.',
      'Switch the techniques off one at a time: which one matters most here?',
    ],
    preset: preset({
      dataset: 'circle',
      trainCount: 80,
      noise: 0.6,
      validationFraction: 0.5,
      seed: 1,
      standardize: true,
      hiddenLayers: [64, 64],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 16,
      dropoutEnabled: true,
      dropoutRate: 0.3,
      batchNorm: true,
      batchNormMomentum: 0.9,
      l2Enabled: true,
      l2: 0.001,
      earlyStopping: true,
      patience: 30,
      restoreBest: true,
    }),
    steps: 1000,
    compare: { dropoutEnabled: false, batchNorm: false, l2Enabled: false, earlyStopping: false },
    compareLabel: 'no regularization',
    contested:
      'The guide recommends dropout together with batch norm. Dropout before a batch-norm layer shifts the variance BN sees between training and inference (Li et al. 2019), so many networks use one or the other. Here the first layer\'s dropout feeds the second layer\'s batch norm: exactly that case.',
    check: checkBestPractices,
  },
];

/** Lessons by id. */
export const LESSON_BY_ID: Readonly<Record<string, Lesson>> = Object.fromEntries(LESSONS.map((lesson) => [lesson.id, lesson]));

/** The complete settings of a lesson's run A (the preset) or run B (the preset with `compare`). */
export function lessonSettings(lesson: Lesson, run: 'A' | 'B' = 'A'): Settings {
  const settings = { ...DEFAULT_SETTINGS, ...lesson.preset };
  return run === 'B' ? { ...settings, ...(lesson.compare ?? {}) } : settings;
}

/** Runs a lesson's check; a check that throws reports the error instead of breaking the page. */
export function evaluateLesson(lesson: Lesson, view: LessonRunView): LessonCheck {
  try {
    return lesson.check(view);
  } catch (error) {
    return { status: 'waiting', headline: `The check could not run: ${error instanceof Error ? error.message : String(error)}` };
  }
}
