/**
 * Lesson "L1 vs L2: which features matter?": its experiment, words, check and thresholds.
 */
import type { Settings } from '../../../settings/settingsTable';
import { formatCount, formatValue } from '../format';
import { featureSelection, type FeatureSelection } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { preset, waiting, needEpochs, divergedCheck, compareGate, l1On, l2On, listOf, splitRuns } from '../checkKit';
import { verdictQuestion } from '../predictions';
import { runFiguresSentence } from '../heldOut';

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
    details: [runFiguresSentence(penaltyLabel(view.settings), view, view.task), runFiguresSentence(penaltyLabel(runB.settings), runB, view.task)],
    numbers,
  };
}

export const l1L2Lesson: Lesson = {
  id: 'l1-l2',
  title: 'L1 vs L2: which features matter?',
  topic: 'l1-l2',
  text:
    'Twenty inputs, of which only three decide the label; the other seventeen are noise. L1 adds λ₁·Σ|w| to the loss, a pull toward zero of the same strength for every weight: with the exact-zeros (proximal) step used here, weights that do not pay for themselves end at exactly zero and the network stops listening to those inputs. Plain L1, as Keras and PyTorch do it, only shrinks them: they jitter around zero and none is pruned. L2 adds λ₂·Σw², a pull that fades as the weight shrinks: every weight gets smaller, almost none reaches zero.',
  tryThis: [
    { text: 'Play, then look at the first layer in the weight histograms: a spike grows at 0.', play: true },
    { text: 'Switch L1 off and L2 on (λ₂ = 0.07) and reset: the noise weights shrink but stay.', settings: { l1Enabled: false, l2Enabled: true, l2: 0.07 } },
    { text: 'Switch "Exact zeros" off and reset: plain L1, as Keras and PyTorch apply it, only shrinks the noise weights; the check counts how many reach zero.', settings: { l1Proximal: false } },
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
  control: { l1Enabled: false },
  compare: { l1Enabled: false, l2Enabled: true, l2: 0.07 },
  compareLabel: 'L2 instead of L1',
  sweep: 'l2-strength',
  hide: ['dropoutEnabled', 'batchNorm', 'earlyStopping'],
  contested:
    'The guide equates L2 with weight decay. With plain SGD they are the same (Keras l2(λ) equals PyTorch weight_decay = 2λ). With Adam they differ: the L2 gradient is divided by Adam\'s per-weight step scale, so weights with large gradients are hardly decayed. AdamW (Loshchilov and Hutter, 2019) applies the decay outside the gradient: "Weight decay (decoupled)" here.',
  predict: verdictQuestion('With L1 and its exact-zeros step, will the first layer ignore most of the 17 noise features completely, and keep the 3 that matter?', 'Yes: most noise features end at exactly zero', 'No: they shrink, but few or none reach zero'),
  seedEffect: { number: 'prunedA', describe: (median) => `median ${formatCount(median)} noise features pruned to zero by L1` },
  check: checkL1,
};
