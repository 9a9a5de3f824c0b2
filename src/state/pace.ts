/**
 * The default training pace, in one place: the run controller starts every run at it, and the
 * diagnosis measures "how long a verdict must hold" in steps of it, so both agree on what
 * "10 seconds" means.
 */

/**
 * Steps per second a new run trains at. The default experiment (80 spiral points, batches of 10:
 * 8 steps an epoch) then runs about 31 epochs a second, slow enough to watch the validation curve
 * turn up, fast enough that it does so within ten seconds. "As fast as possible" is one choice away.
 */
export const DEFAULT_STEPS_PER_SECOND = 250;

/** Steps the default pace trains in `seconds`. */
export function stepsAtDefaultPace(seconds: number): number {
  return Math.round(seconds * DEFAULT_STEPS_PER_SECOND);
}
