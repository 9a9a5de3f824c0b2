/**
 * Hysteresis for a verdict computed epoch by epoch (the diagnosis; compare's verdict can reuse
 * it): the shown verdict changes only once the new one has held for a while, so a noisy epoch or
 * two never make the label flicker. Pure: a history of raw verdicts in, the shown one out.
 *
 * "A while" is max(`epochs` epochs, `steps` training steps): with steps = 10 seconds of the default
 * pace, a verdict holds at least ten seconds of watching at that pace, and at least five epochs on
 * runs with few steps per epoch.
 */

/** How long a new verdict must hold before it is shown. */
export interface HoldRule {
  /** Consecutive epochs the new verdict must have held. */
  epochs: number;
  /** Training steps it must have held (counted from the start of its first epoch). */
  steps: number;
}

/** One epoch's raw verdict. */
export interface VerdictSample<V> {
  epoch: number;
  /** Training steps at the end of the epoch. */
  step: number;
  verdict: V;
}

/** The shown verdict and the raw one behind it. */
export interface SteadyVerdict<V> {
  shown: V;
  /** The latest raw verdict. */
  latest: V;
  /** How long the latest raw verdict has held, in epochs and in steps. */
  heldEpochs: number;
  heldSteps: number;
}

/** Options of `steadyVerdict`. */
export interface SteadyOptions<V> {
  /** What is shown before any verdict ("too early to tell"). */
  initial: V;
  /**
   * Verdicts that show at once (e.g. "not finite: the run diverged", which is never noise).
   * Default: none.
   */
  immediate?: (verdict: V) => boolean;
}

/**
 * Replays `samples` (oldest first) through the hold rule. Leaving the initial verdict needs only
 * `hold.epochs`: there is no earlier verdict to keep steady, and making a student wait ten seconds
 * for the first word helps nobody. Every later change needs the whole rule.
 */
export function steadyVerdict<V>(samples: Iterable<VerdictSample<V>>, hold: HoldRule, options: SteadyOptions<V>): SteadyVerdict<V> {
  const { initial, immediate } = options;
  let shown = initial;
  let latest = initial;
  let runStartEpoch = 0;
  let runStartStep = 0;
  let previousStep = 0;
  let previousEpoch = 0;
  let heldEpochs = 0;
  let heldSteps = 0;
  let first = true;
  for (const sample of samples) {
    if (first || sample.verdict !== latest) {
      latest = sample.verdict;
      // The run began where the previous epoch ended (its first epoch's steps count).
      runStartEpoch = first ? sample.epoch - 1 : previousEpoch;
      runStartStep = first ? Math.max(0, sample.step - (sample.step / Math.max(1, sample.epoch))) : previousStep;
      first = false;
    }
    heldEpochs = sample.epoch - runStartEpoch;
    heldSteps = sample.step - runStartStep;
    previousEpoch = sample.epoch;
    previousStep = sample.step;
    if (latest === shown) continue;
    const enough = shown === initial ? heldEpochs >= hold.epochs : heldEpochs >= hold.epochs && heldSteps >= hold.steps;
    if (enough || (immediate?.(latest) ?? false)) shown = latest;
  }
  return { shown, latest, heldEpochs, heldSteps };
}
