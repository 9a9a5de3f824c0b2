/**
 * The compare view's one-line verdict: how run B's validation loss and generalization gap stand
 * against run A's, at the latest epoch both runs reached.
 */
import type { EpochMetrics } from './viewTypes';
import { describeRelativeChange, formatMetric } from './relativeChange';

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
  const difference = lastB.validationLoss - lastA.validationLoss;
  const leader: CompareLeader = Math.abs(difference) <= SAME_FRACTION * Math.abs(lastA.validationLoss) ? 'same' : difference < 0 ? 'b-lower' : 'b-higher';
  const sentence =
    `At epoch ${upTo.toLocaleString('en-US')}, B (${label}) has validation loss ${formatMetric(lastB.validationLoss)} against A's ` +
    `${formatMetric(lastA.validationLoss)} (${describeRelativeChange(lastA.validationLoss, lastB.validationLoss)}); ` +
    `gap between validation and training ${formatMetric(gapB)} vs ${formatMetric(gapA)}; ` +
    `best validation loss so far ${formatMetric(bestB)} vs ${formatMetric(bestA)}.`;
  return { epoch: upTo, leader, sentence };
}
