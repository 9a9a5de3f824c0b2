/**
 * What the default experiment promises a first-time student, in epochs of the default settings
 * (80 spiral points, batches of 10: 8 steps an epoch) at the default pace (pace.ts). Checked on
 * seeds 1-10 by test/unit/diagnosis/defaultExperiment.test.ts.
 */
import { DEFAULT_STEPS_PER_SECOND } from './pace';

/** Training steps per epoch of the default settings (80 examples in batches of 10). */
export const DEFAULT_STEPS_PER_EPOCH = 8;

/**
 * By this epoch (about ten seconds at the default pace) the validation loss has turned up while
 * the training loss falls, training accuracy is at least 98% and the diagnosis says overfitting.
 */
export const OVERFITTING_BY_EPOCH = 300;

/**
 * L2 at its default strength, or dropout at its default rate, switched on at OVERFITTING_BY_EPOCH
 * has lowered the validation loss and the gap below the untouched run's this many epochs later
 * (about five seconds at the default pace).
 */
export const REGULARIZER_EFFECT_EPOCHS = 150;

/** Seconds the default pace takes to reach `epochs` of the default experiment. */
export function secondsAtDefaultPace(epochs: number): number {
  return (epochs * DEFAULT_STEPS_PER_EPOCH) / DEFAULT_STEPS_PER_SECOND;
}
