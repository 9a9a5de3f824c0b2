/**
 * Early stopping with Keras 3 semantics (semantics.md section 4; keras/src/callbacks/early_stopping.py).
 * Pure bookkeeping: it decides, the trainer saves and restores weights.
 * At the end of each epoch e (counted from 0 since early stopping was switched on):
 *   1. skip if e < startFromEpoch;  2. if restoring and nothing is saved yet, save;
 *   3. wait += 1;  4. improved if there is no best yet or current < best - minDelta (min mode;
 *   current > best + minDelta in max mode), strictly;  5. on improvement best = current, save,
 *   and reset wait only when there is no baseline or current also beats it;  6. otherwise stop
 *   when wait >= patience and e > 0 (so patience 0 and 1 behave alike).
 */
import type { EarlyStoppingEvent, EarlyStoppingSettings, MonitorName } from './contract.ts';

/** What the trainer must do after an epoch. */
export interface EarlyStoppingDecision {
  /** Save the current weights as the best (or first) ones. */
  save: boolean;
  /** Stop training (and restore the best weights if settings say so). */
  stop: boolean;
  /** 'improved' and/or 'stopped' events of this epoch (the trainer adds 'restored'). */
  events: EarlyStoppingEvent[];
}

/** min for losses, max for accuracies; "auto" picks by the monitored quantity's name. */
export function resolveMode(mode: EarlyStoppingSettings['mode'], monitor: MonitorName): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return monitor === 'validationAccuracy' ? 'max' : 'min';
}

/** The early-stopping state machine of one run (or of one stretch since it was switched on). */
export class EarlyStopping {
  /** Epochs counted since switched on (Keras's 0-based epoch index). */
  epochsSeen = 0;
  wait = 0;
  best: number | null = null;
  /** Absolute epoch number (1-based, as in EpochMetrics.epoch) of the best value. */
  bestEpoch = 0;
  /** True once weights have been saved (only when restoreBestWeights). */
  hasSaved = false;

  /** Starts counting now with the given settings. */
  constructor(public settings: EarlyStoppingSettings) {}

  /** Forget everything: the count starts again at the next epoch. */
  reset(): void {
    this.epochsSeen = 0;
    this.wait = 0;
    this.best = null;
    this.bestEpoch = 0;
    this.hasSaved = false;
  }

  /** True if `current` improves on `reference` by more than minDelta in the monitored direction. */
  isImprovement(current: number, reference: number | null): boolean {
    if (reference === null) return true;
    const { minDelta, mode, monitor } = this.settings;
    const delta = Math.abs(minDelta);
    return resolveMode(mode, monitor) === 'max' ? current - delta > reference : current + delta < reference;
  }

  /**
   * Called after epoch `epoch` (1-based, absolute) with the monitored value (null when the
   * quantity does not exist for this task, e.g. accuracy in regression: the epoch is skipped).
   */
  onEpochEnd(epoch: number, current: number | null): EarlyStoppingDecision {
    const decision: EarlyStoppingDecision = { save: false, stop: false, events: [] };
    const index = this.epochsSeen++;
    const { restoreBestWeights, patience, baseline, startFromEpoch } = this.settings;
    if (current === null || index < startFromEpoch) return decision;
    if (restoreBestWeights && !this.hasSaved) {
      // Nothing saved yet: the current weights are the best so far.
      decision.save = true;
      this.hasSaved = true;
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (restoreBestWeights) {
        decision.save = true;
        this.hasSaved = true;
      }
      // Only restart the wait if current beats both the previous best and the baseline.
      if (baseline === null || this.isImprovement(current, baseline)) this.wait = 0;
      decision.events.push({ type: 'improved', epoch, value: current });
      return decision;
    }
    if (this.wait >= patience && index > 0) {
      decision.stop = true;
      decision.events.push({ type: 'stopped', epoch, bestEpoch: this.bestEpoch, bestValue: this.best ?? current });
    }
    return decision;
  }
}
