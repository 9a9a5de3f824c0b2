/**
 * The compare view's one-line verdict: how run B's validation loss and generalization gap stand
 * against run A's, at the latest epoch both runs reached.
 */
import type { EpochMetrics } from './viewTypes';
import { describeRelativeChange, formatMetric } from './relativeChange';
import { steadyVerdict, type HoldRule, type VerdictSample } from './steadyVerdict';
import { stepsAtDefaultPace } from './pace';

/** Which run generalizes better at the compared epoch (the verdict the hysteresis steadies). */
export type CompareLeader = 'b-lower' | 'b-higher' | 'same';

/** The verdict's numbers at one epoch, and its sentence. */
export interface CompareVerdict {
  epoch: number;
  leader: CompareLeader;
  sentence: string;
}

/** B within this fraction of A's validation loss counts as the same. */
const SAME_FRACTION = 0.01;

/** Which run has the lower validation loss at one epoch (within SAME_FRACTION of A's: the same). */
function leaderAt(validationA: number, validationB: number): CompareLeader {
  const difference = validationB - validationA;
  return Math.abs(difference) <= SAME_FRACTION * Math.abs(validationA) ? 'same' : difference < 0 ? 'b-lower' : 'b-higher';
}

/** The verdict at the latest epoch present in both histories, or null before 3 common epochs. */
export function compareVerdict(a: readonly EpochMetrics[], b: readonly EpochMetrics[], label: string): CompareVerdict | null {
  // Histories may be thinned differently and the runs may be at different epochs: compare at the
  // latest epoch number present in both.
  const byEpochB = new Map(b.map((epoch) => [epoch.epoch, epoch]));
  let index = a.length - 1;
  while (index >= 0 && !byEpochB.has(a[index].epoch)) index -= 1;
  if (index < 2) return null;
  const lastA = a[index];
  const lastB = byEpochB.get(lastA.epoch)!;
  const upTo = lastA.epoch;
  const bestA = Math.min(...a.filter((epoch) => epoch.epoch <= upTo).map((epoch) => epoch.validationLoss));
  const bestB = Math.min(...b.filter((epoch) => epoch.epoch <= upTo).map((epoch) => epoch.validationLoss));
  const gapA = lastA.validationLoss - lastA.trainLoss;
  const gapB = lastB.validationLoss - lastB.trainLoss;
  const leader = leaderAt(lastA.validationLoss, lastB.validationLoss);
  const sentence =
    `At epoch ${upTo.toLocaleString('en-US')}, B (${label}) has validation loss ${formatMetric(lastB.validationLoss)} against A's ` +
    `${formatMetric(lastA.validationLoss)} (${describeRelativeChange(lastA.validationLoss, lastB.validationLoss)}); ` +
    `gap between validation and training ${formatMetric(gapB)} vs ${formatMetric(gapA)}; ` +
    `best validation loss so far ${formatMetric(bestB)} vs ${formatMetric(bestA)}.`;
  return { epoch: upTo, leader, sentence };
}

/**
 * How long a new leader must hold before the headline changes: 8 epochs and one second of the
 * default pace. Long enough to ride out the noise where the curves cross; short enough that the
 * headline follows a real crossing within a second or two of watching (a longer hold kept saying
 * "worse" for 70 epochs after dropout's run had pulled ahead).
 */
export const COMPARE_HOLD: HoldRule = { epochs: 8, steps: stepsAtDefaultPace(1) };

/** The compare verdict with a steady headline. */
export interface SteadyCompareVerdict extends CompareVerdict {
  /** The leader the headline names (changes only once a new leader has held, see COMPARE_HOLD). */
  shownLeader: CompareLeader | 'tooEarly';
  /** e.g. "B (+ Dropout on) generalizes better", or null while too early. */
  headline: string | null;
  /** The whole line: headline, a note while the latest epochs disagree with it, the numbers. */
  text: string;
}

function headlineFor(leader: CompareLeader | 'tooEarly', label: string): string | null {
  switch (leader) {
    case 'b-lower':
      return `B (${label}) generalizes better: lower validation loss`;
    case 'b-higher':
      return `B (${label}) generalizes worse: higher validation loss`;
    case 'same':
      return `B (${label}) and A reach about the same validation loss`;
    default:
      return null;
  }
}

/**
 * The verdict at the latest common epoch, its headline steadied by the first screen's hysteresis
 * (steadyVerdict.ts): the leader at every common epoch is a raw verdict, and the headline follows
 * a new leader only once it has held for COMPARE_HOLD, so two noisy epochs never flip "better"
 * to "worse" in front of a class. The numbers are always the latest.
 */
export function steadyCompareVerdict(a: readonly EpochMetrics[], b: readonly EpochMetrics[], label: string, hold: HoldRule = COMPARE_HOLD): SteadyCompareVerdict | null {
  const latest = compareVerdict(a, b, label);
  if (!latest) return null;
  const byEpochB = new Map(b.map((epoch) => [epoch.epoch, epoch]));
  const samples: VerdictSample<CompareLeader>[] = [];
  for (const epochA of a) {
    const epochB = byEpochB.get(epochA.epoch);
    if (!epochB || epochA.epoch > latest.epoch) continue;
    samples.push({ epoch: epochA.epoch, step: Math.max(epochA.step, epochB.step), verdict: leaderAt(epochA.validationLoss, epochB.validationLoss) });
  }
  const steady = steadyVerdict<CompareLeader | 'tooEarly'>(samples, hold, { initial: 'tooEarly' });
  const headline = headlineFor(steady.shown, label);
  const unsettled = steady.shown !== 'tooEarly' && steady.latest !== steady.shown ? ' (the latest epochs point the other way; waiting to see whether that holds)' : '';
  const text = headline ? `${headline}${unsettled}. ${latest.sentence}` : latest.sentence;
  return { ...latest, shownLeader: steady.shown, headline, text };
}
