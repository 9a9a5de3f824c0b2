/**
 * Lesson "Vanishing and exploding gradients": its experiment, words, check and thresholds.
 */
import type { Settings } from '../../../state/settingsTable';
import { formatCount, formatTimes, formatValue } from '../format';
import { gradientRatio } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { preset, waiting, needEpochs, capitalize } from '../checkKit';

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

export const gradientsLesson: Lesson = {
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
    control: { activation: 'relu', initializer: 'heNormal' },
    compare: { activation: 'relu', initializer: 'heNormal' },
    compareLabel: 'ReLU with He',
    hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'earlyStopping'],
    check: checkGradients,
};
