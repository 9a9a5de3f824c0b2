/**
 * The two slow lessons on a subset of seeds per push (dropout trains a CNN on digits; fitting
 * waits for its verdict to settle over up to 10,000 steps). All ten seeds: npm run lessons:check.
 */
import { describe, it } from 'vitest';
import { expectTruthfulOnSeeds } from './seedVerdicts';

const TIMEOUT_MS = 300_000;

describe('slow lessons on a subset of seeds', () => {
  it('dropout: holds on seeds 1 and 2, its control does not', () => expectTruthfulOnSeeds('dropout', [1, 2]), TIMEOUT_MS);
  it('fitting: holds on seeds 1-3, its control does not', () => expectTruthfulOnSeeds('fitting', [1, 2, 3]), TIMEOUT_MS);
});
