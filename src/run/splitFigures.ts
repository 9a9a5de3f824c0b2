/**
 * A finished run's figures on its three splits, the one shape the sweeps and the lessons' seed
 * checks report: loss, and accuracy (classification) or RMSE (regression), the other null.
 */
import type { EpochMetrics } from '../engine';
import type { TestFigures } from './testFigures';

/** Training, validation and test figures of a run's kept weights; test ones null when there is no test set. */
export interface SplitFigures {
  trainLoss: number;
  validationLoss: number;
  testLoss: number | null;
  trainAccuracy: number | null;
  validationAccuracy: number | null;
  testAccuracy: number | null;
  trainRmse: number | null;
  validationRmse: number | null;
  testRmse: number | null;
}

/** The figures of a run's last epoch (its kept weights) and its held-out test figures; NaN losses when no epoch finished. */
export function splitFigures(last: EpochMetrics | null | undefined, test: Pick<TestFigures, 'loss' | 'accuracy' | 'rmse'> | null): SplitFigures {
  return {
    trainLoss: last?.trainLoss ?? NaN,
    validationLoss: last?.validationLoss ?? NaN,
    testLoss: test ? test.loss : null,
    trainAccuracy: last?.trainAccuracy ?? null,
    validationAccuracy: last?.validationAccuracy ?? null,
    testAccuracy: test ? test.accuracy : null,
    trainRmse: last?.trainRmse ?? null,
    validationRmse: last?.validationRmse ?? null,
    testRmse: test ? test.rmse : null,
  };
}
