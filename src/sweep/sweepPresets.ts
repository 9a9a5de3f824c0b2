/**
 * Sweeps that draw the classic pictures of the regularization chapter. Each preset fixes the data
 * and model it is measured on (an explicitly overfitting set, so the picture does not depend on
 * whatever the defaults are), the sweep itself, and how to read the result honestly.
 */
import { DEFAULT_SETTINGS, type Settings } from '../settings/settingsTable';
import { PLAIN_DATA, TECHNIQUES_OFF } from '../settings/baseline';
import type { SweepSpec } from './sweepSpec';
import type { SweepSummary } from './aggregate';
import { formatFigure, formatSweepValue } from './sweepFormat';

/** A preset sweep. */
export interface SweepPreset {
  id: string;
  label: string;
  /** What the student should look for. */
  description: string;
  /** Settings the preset measures on (applied over the current settings). */
  settings: Partial<Settings>;
  spec: SweepSpec;
  /** A sentence that reads the finished sweep (e.g. whether the expected shape appeared), with its numbers. */
  verdict?(summary: SweepSummary): string | null;
}

/**
 * A small noisy spiral (noise 0.4, 200 examples, half held out) with two hidden layers of 32 and
 * Adam: without regularization it overfits within 200 epochs on every seed we checked.
 */
export const OVERFITTING_SET: Partial<Settings> = {
  ...PLAIN_DATA,
  ...TECHNIQUES_OFF,
  dataset: 'spirals',
  noise: 0.4,
  trainCount: 200,
  validationFraction: 0.5,
  classes: 2,
  hiddenLayers: [32, 32],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 16,
};

/** Validation loss per value, or test loss when the runs have a test split. */
function heldOutMedians(summary: SweepSummary): { name: string; medians: number[] } {
  const hasTest = summary.cells.some((cell) => cell.bands.testLoss !== null);
  const key = hasTest ? 'testLoss' : 'validationLoss';
  return { name: hasTest ? 'test loss' : 'validation loss', medians: summary.cells.map((cell) => cell.bands[key]?.median ?? NaN) };
}

/** Whether the curve is a U: lowest inside the range, at least `margin` below both ends. */
export function uShape(medians: readonly number[], margin = 0.1): { lowest: number; isU: boolean } {
  let lowest = 0;
  medians.forEach((value, index) => {
    if (value < medians[lowest]) lowest = index;
  });
  const last = medians.length - 1;
  const isU = lowest > 0 && lowest < last && medians[lowest] <= (1 - margin) * medians[0] && medians[lowest] <= (1 - margin) * medians[last];
  return { lowest, isU };
}

/**
 * A double-descent peak: an interior value whose loss, on every seed (its band's lowest seed), is
 * at least `margin` above the best median before it and the best median after it. Returns its
 * index, or null. Asking it of every seed keeps one unlucky seed from making a peak.
 */
export function doubleDescentPeak(medians: readonly number[], lowestSeeds: readonly number[] = medians, margin = 0.05): number | null {
  let peak: number | null = null;
  for (let index = 1; index < medians.length - 1; index++) {
    const before = Math.min(...medians.slice(0, index));
    const after = Math.min(...medians.slice(index + 1));
    if (lowestSeeds[index] >= (1 + margin) * before && lowestSeeds[index] >= (1 + margin) * after && (peak === null || medians[index] > medians[peak])) peak = index;
  }
  return peak;
}

function listMedians(summary: SweepSummary, medians: readonly number[]): string {
  return summary.cells.map((cell, index) => `${formatSweepValue(cell.values[0])}: ${formatFigure(medians[index])}`).join(', ');
}

/** The presets, in menu order. */
export const SWEEP_PRESETS: readonly SweepPreset[] = [
  {
    id: 'l2-strength',
    label: 'How strong should L2 be?',
    description: 'Too little L2 and the network memorizes the noisy spiral; too much and it cannot fit it at all. The held-out loss traces a U with its minimum in between.',
    settings: OVERFITTING_SET,
    spec: { axes: [{ parameter: 'l2', from: 0.00001, to: 0.01, count: 5, scale: 'log' }], seeds: 5, epochs: 200 },
    verdict: (summary) => {
      const { name, medians } = heldOutMedians(summary);
      const { lowest, isU } = uShape(medians);
      const value = formatSweepValue(summary.cells[lowest].values[0]);
      return isU
        ? `A U: the median ${name} is lowest at λ₂ = ${value} (${formatFigure(medians[lowest])}), at least 10% below both ends (${listMedians(summary, medians)}).`
        : `No clear U this time: the median ${name} is lowest at λ₂ = ${value} (${listMedians(summary, medians)}).`;
    },
  },
  {
    id: 'dropout-rate',
    label: 'Does dropout’s rate matter?',
    description: 'Dropout from 0 (off) to 0.8 on the same overfitting spiral: a moderate rate lowers the held-out loss; a very high rate starves the network.',
    settings: OVERFITTING_SET,
    spec: { axes: [{ parameter: 'dropoutRate', from: 0, to: 0.8, count: 5, scale: 'linear' }], seeds: 3, epochs: 200 },
  },
  {
    id: 'data-or-regularization',
    label: 'More data or more regularization?',
    description: 'Training-set size against L2 strength, as a grid: more data shrinks the gap by itself, and the best λ₂ falls as the data grows.',
    settings: OVERFITTING_SET,
    spec: {
      axes: [
        { parameter: 'trainCount', from: 50, to: 800, count: 5, scale: 'log' },
        { parameter: 'l2', from: 0.00001, to: 0.01, count: 4, scale: 'log' },
      ],
      seeds: 2,
      epochs: 150,
    },
  },
  {
    id: 'double-descent',
    label: 'Double descent over hidden width (label noise)',
    description: 'One hidden layer from 2 to 512 units on 100 moons with 20% of the training labels flipped. In the literature the test error rises near the width where the network can just memorize the noise, then falls again; whether our small setup shows that peak is read from the numbers below, not assumed.',
    settings: { ...OVERFITTING_SET, dataset: 'moons', noise: 0.1, trainCount: 100, labelNoise: 0.2, hiddenLayers: [32] },
    spec: { axes: [{ parameter: 'width', from: 2, to: 512, count: 9, scale: 'log' }], seeds: 3, epochs: 600 },
    verdict: (summary) => {
      const { name, medians } = heldOutMedians(summary);
      const key = name === 'test loss' ? 'testLoss' : 'validationLoss';
      const lowest = summary.cells.map((cell) => cell.bands[key]?.min ?? NaN);
      const peak = doubleDescentPeak(medians, lowest);
      const widest = summary.cells[summary.cells.length - 1].bands.trainLoss?.median ?? NaN;
      const memorized = `The widest network ends with a median training loss of ${formatFigure(widest)}${widest > 0.05 ? ', so it never fully memorizes the flipped labels, which the classic peak needs' : ''}.`;
      if (peak === null) return `No double-descent peak in our setup: the median ${name} per width is ${listMedians(summary, medians)}; no width is worse on every seed by 5% than the best widths on both sides of it. ${memorized}`;
      return `A peak at width ${formatSweepValue(summary.cells[peak].values[0])} (median ${name} ${formatFigure(medians[peak])}, worse on every seed than the best widths on both sides): ${listMedians(summary, medians)}. ${memorized}`;
    },
  },
];

/** The settings a preset runs on, over the current ones. */
export function presetSettings(preset: SweepPreset, current: Settings = DEFAULT_SETTINGS): Settings {
  return { ...current, ...preset.settings };
}
