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

/** How training is paced: at most `stepsPerSecond` minibatch steps a second, or null = as fast as possible. */
export interface ChosenPace {
  stepsPerSecond: number | null;
}

let chosen: ChosenPace = { stepsPerSecond: DEFAULT_STEPS_PER_SECOND };
const paceListeners = new Set<(pace: ChosenPace) => void>();

/**
 * The pace the user chose: one choice for every run on screen (the main run, or both runs of a
 * comparison), so a class sees a comparison at the same speed as a single run.
 */
export function chosenPace(): ChosenPace {
  return chosen;
}

/** Chooses the pace and tells every run that listens. */
export function choosePace(stepsPerSecond: number | null): void {
  chosen = { stepsPerSecond };
  for (const listener of paceListeners) listener(chosen);
}

/** Calls `listener` on every later choice; returns the unsubscribe function. */
export function onPaceChosen(listener: (pace: ChosenPace) => void): () => void {
  paceListeners.add(listener);
  return () => paceListeners.delete(listener);
}
