/**
 * Lesson "Vanishing and exploding gradients": its experiment, words, check and thresholds.
 */
import type { Settings } from '../../../settings/settingsTable';
import { formatAccuracy, formatCount, formatTimes, formatValue } from '../format';
import { gradientRatio } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { preset, waiting, needEpochs, capitalize } from '../checkKit';
import { verdictQuestion } from '../predictions';
import { runFiguresSentence } from '../heldOut';

const GRADIENT_MIN_EPOCHS = 3;
/** A healthy network "learns the circle" when its validation accuracy reaches this. */
const LEARNED_ACCURACY = 0.9;
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

type GradientHealth = { kind: 'vanishing' | 'exploding' | 'healthy' | 'dead' | 'diverged' | 'unknown'; sentence: string; ratio: number | null };

/**
 * A dead network: in the latest epoch the first layer's gradient is exactly 0, or some hidden
 * layer has no unit that fired for any training example (its output, and so the network's, is
 * constant). Gradients of a dead network are not "healthy": nothing flows at all.
 */
function deadSentence(run: LessonRun): string | null {
  const last = run.epochs[run.epochs.length - 1];
  if (!last || last.layers.length === 0) return null;
  const silent = last.layers.find((layer) => layer.deadFraction === 1);
  if (silent) return `every unit of ${silent.name} outputs 0 for every training example, so the network's output is constant and no gradient reaches the layers below: the network is dead`;
  if (last.layers[0].gradientNorm === 0) return `the first layer's gradient is exactly 0 in epoch ${formatCount(last.epoch)}: the network is dead, nothing flows back`;
  return null;
}

function gradientHealth(run: LessonRun): GradientHealth {
  if (run.diverged) {
    return { kind: 'diverged', ratio: null, sentence: `training diverged at step ${formatCount(run.diverged.step)} (${run.diverged.where} became NaN or infinite): the updates exploded` };
  }
  const dead = deadSentence(run);
  if (dead !== null) return { kind: 'dead', ratio: 0, sentence: dead };
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

/** The fix works when the gradients are healthy and the network learns the circle. */
function learns(run: LessonRun): boolean {
  const last = run.epochs[run.epochs.length - 1];
  return last !== undefined && (last.validationAccuracy === null || last.validationAccuracy >= LEARNED_ACCURACY);
}

function unstable(health: GradientHealth): boolean {
  return health.kind === 'vanishing' || health.kind === 'exploding' || health.kind === 'diverged' || health.kind === 'dead';
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
  // The claim: one network's gradients vanish (or explode, or it dies), and the other's stay
  // healthy and it learns. A healthy network that does not learn the circle is no fix.
  const [sick, healthy, healthyRun] = unstable(healthA) ? [healthA, healthB, runB] : [healthB, healthA, view];
  const fixWorks = healthy.kind === 'healthy' && learns(healthyRun);
  const holds = unstable(sick) && fixWorks;
  const details = [runFiguresSentence(capitalize(networkLabel(view.settings)), view, view.task), runFiguresSentence(capitalize(networkLabel(runB.settings)), runB, view.task)];
  if (healthy.kind === 'healthy' && !learns(healthyRun)) details.unshift(`The healthy network did not learn the circle (below ${formatAccuracy(LEARNED_ACCURACY)}): healthy gradients alone are no fix here.`);
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${capitalize(networkLabel(view.settings))}: ${healthA.sentence}; ${networkLabel(runB.settings)}: ${healthB.sentence}.`,
    details,
    numbers: { ratioA: healthA.ratio ?? NaN, ratioB: healthB.ratio ?? NaN },
  };
}

export const gradientsLesson: Lesson = {
  id: 'gradients',
  title: 'Vanishing and exploding gradients',
  topic: 'gradients',
  text:
    'Six sigmoid layers that start with tiny weights, drawn from N(0, 0.01²). On the way back each layer multiplies the gradient by its small weights and by the slope of the sigmoid, at most 0.25, so the first layer gets almost nothing and the network cannot learn the circle. The fix changes two things at once: ReLU (slope 1) and He initialization (variance 2/inputs), which together keep the gradient about the same size in every layer; ReLU alone with these tiny weights leaves every unit at 0, a dead network. The opposite failure, gradients or steps that grow until the numbers overflow, is tamed by gradient clipping.',
  tryThis: [
    { text: 'Play and read the gradient norm per layer: the first is about 1e-12 of the last.', play: true },
    { text: 'Change both the activation to ReLU and the initializer to He normal, then reset: every layer gets a gradient of similar size, and the circle is learned. (ReLU alone, with these tiny starting weights, leaves a dead network.)', settings: { activation: 'relu', initializer: 'heNormal' } },
    { text: 'Try sigmoid with Glorot normal and reset, and read the gradient norms: how much of the gap to the last layer remains?', settings: { initializer: 'glorotNormal' } },
    { text: 'Open the comparison to train the sigmoid network and the ReLU network with He initialization side by side.', compare: true },
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
  control: { activation: 'relu', initializer: 'heNormal' },
  compare: { activation: 'relu', initializer: 'heNormal' },
  compareLabel: 'ReLU with He',
  hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'earlyStopping'],
  predict: verdictQuestion('Will the sigmoid network with tiny starting weights fail (vanishing gradients) while ReLU with He initialization learns the circle?', 'Yes: the first fails, the second learns', 'No: both learn, or both fail'),
  seedEffect: { number: 'ratioA', describe: (median) => `median first-layer gradient ${formatTimes(median)} the last layer's in the sigmoid network` },
  check: checkGradients,
};
