/**
 * Hand-made runs for the pure tests of the lesson checks: metrics curves and weights built to
 * show (or not show) exactly one phenomenon.
 */
import type { EpochMetrics, LayerMetrics, LayerParameters } from '../../../src/engine/contract';
import type { Settings } from '../../../src/settings/settingsTable';
import { lessonSettings, LESSON_BY_ID, type LessonRun, type LessonRunView } from '../../../src/ui/lessons/lessons';

/** One layer's metrics with a given gradient norm. */
export function layer(name: string, gradientNorm: number): LayerMetrics {
  return { name, weightL1: 1, weightL2: 1, sparsity: 0, gradientNorm, updateRatio: 1e-3, deadFraction: null };
}

/** One epoch; everything not given is a plausible constant. */
export function epoch(number: number, values: Partial<EpochMetrics> = {}): EpochMetrics {
  return {
    epoch: number,
    step: number * 10,
    trainLossTrainingMode: values.trainLoss ?? 0.5,
    trainLoss: 0.5,
    validationLoss: 0.5,
    penalty: 0,
    trainAccuracy: null,
    validationAccuracy: null,
    trainRmse: null,
    validationRmse: null,
    layers: [layer('dense 1', 0.1), layer('output', 0.1)],
    ...values,
  };
}

/** Epochs 1..n from parallel arrays of training and validation losses (and optional accuracies). */
export function curve(trainLosses: readonly number[], validationLosses: readonly number[], accuracies?: { train: readonly number[]; validation: readonly number[] }): EpochMetrics[] {
  return trainLosses.map((trainLoss, index) =>
    epoch(index + 1, {
      trainLoss,
      validationLoss: validationLosses[index],
      trainAccuracy: accuracies ? accuracies.train[index] : null,
      validationAccuracy: accuracies ? accuracies.validation[index] : null,
    }),
  );
}

/** n copies of a value. */
export function repeat(value: number, count: number): number[] {
  return Array.from({ length: count }, () => value);
}

/** A geometric series from `start` by factor `ratio`, n values. */
export function geometric(start: number, ratio: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => start * ratio ** index);
}

/** A lesson's preset settings with changes on top. */
export function settingsOf(lessonId: string, changes: Partial<Settings> = {}): Settings {
  return { ...lessonSettings(LESSON_BY_ID[lessonId], 'A'), ...changes };
}

/** A dense layer's parameters from rows of outgoing weights (one row per input). */
export function denseLayer(name: string, rows: readonly (readonly number[])[]): LayerParameters {
  const outputs = rows[0].length;
  return { name, kind: 'dense', shape: [rows.length, outputs], kernel: Float32Array.from(rows.flat()), bias: new Float32Array(outputs) };
}

/** A view for a lesson check: classification, no feature facts, unless given. */
export function viewOf(run: LessonRun, extra: Partial<LessonRunView> = {}): LessonRunView {
  return { informativeFeatures: null, featureNames: ['x', 'y'], task: 'classification', ...run, ...extra };
}

/** A run of a lesson's preset (with changes) and the given epochs. */
export function runOf(lessonId: string, epochs: EpochMetrics[], changes: Partial<Settings> = {}, parameters: LayerParameters[] | null = null): LessonRun {
  return { settings: settingsOf(lessonId, changes), epochs, parameters, diverged: null };
}
