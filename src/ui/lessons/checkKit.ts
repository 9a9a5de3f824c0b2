/**
 * Shared pieces of the lesson checks: complete presets, the waiting and diverged gates, and small
 * predicates and words about which techniques a run has on.
 */
import type { EpochMetrics } from '../../state/viewTypes';
import { DEFAULT_SETTINGS, type Settings } from '../../settings/settingsTable';
import { PLAIN_DATA, TECHNIQUES_OFF } from '../../settings/baseline';
import { formatCount, plural } from './format';
import type { LessonCheck, LessonRun, LessonRunView } from './types';

/**
 * A complete preset: a fixed baseline with every technique off, then the lesson's own values. The
 * baseline is spelled out rather than taken from the app's defaults, so a change of a default
 * never changes a lesson's experiment (settings added later come from the defaults).
 */
export function preset(values: Partial<Settings>): Settings {
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
    ...PLAIN_DATA,
    ...TECHNIQUES_OFF,
    startFromEpoch: 0,
    ...values,
  };
}

export function waiting(headline: string, details?: string[]): LessonCheck {
  return { status: 'waiting', headline, details };
}

/** "Waiting" until the run has `needed` epochs. */
export function needEpochs(epochs: readonly EpochMetrics[], needed: number): LessonCheck | null {
  if (epochs.length >= needed) return null;
  return waiting(`Waiting for data: ${plural(epochs.length, 'epoch')} so far; this check needs ${needed}.`);
}

/** A diverged run cannot show the claim: say so. */
export function divergedCheck(run: LessonRun): LessonCheck | null {
  if (!run.diverged) return null;
  return {
    status: 'does-not-hold',
    headline: `Nothing to measure: the run diverged at step ${formatCount(run.diverged.step)} (${run.diverged.where} became NaN or infinite).`,
    details: ['Lower the learning rate or switch on gradient clipping, then reset.'],
  };
}

/** Both runs of a comparison, or the reason a check cannot compare them yet. */
export function compareGate(view: LessonRunView, needed: number): LessonCheck | null {
  const runB = view.compare!;
  return divergedCheck(view) ?? divergedCheck(runB) ?? needEpochs(view.epochs, needed) ?? needEpochs(runB.epochs, needed);
}

export function dropoutOn(settings: Settings): boolean {
  return settings.dropoutEnabled && (settings.dropoutRate > 0 || settings.inputDropoutRate > 0 || settings.dropoutLayerRates.some((rate) => rate > 0));
}

export function l1On(settings: Settings): boolean {
  return settings.l1Enabled && settings.l1 > 0;
}

export function l2On(settings: Settings): boolean {
  return settings.l2Enabled && settings.l2 > 0;
}

/** The techniques of the best-practices lesson that a run has on. */
export function techniquesOn(settings: Settings): string[] {
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
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Picks the one run that has a technique and the one that does not; null unless exactly one has it. */
export function splitRuns(view: LessonRunView, has: (settings: Settings) => boolean): { on: LessonRun; off: LessonRun } | null {
  const runB = view.compare!;
  const onA = has(view.settings);
  const onB = has(runB.settings);
  if (onA === onB) return null;
  return onA ? { on: view, off: runB } : { on: runB, off: view };
}

export function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

