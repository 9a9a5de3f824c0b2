import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { SWEEP_PRESETS, doubleDescentPeak, presetSettings, uShape } from '../../../src/sweep/sweepPresets';
import { normalizeSweep } from '../../../src/sweep/sweepSpec';
import { planSweep } from '../../../src/sweep/sweepJobs';
import { runSweep } from '../../../src/sweep/runSweep';
import { aggregateSweep } from '../../../src/sweep/aggregate';
import { createInProcessSummaryPool } from '../../../src/worker/summaryJob';
import { LESSONS } from '../../../src/ui/lessons/lessons';
import { checked } from '../../checkedSettings';

describe('sweep presets', () => {
  it('are valid sweeps as written', () => {
    for (const preset of SWEEP_PRESETS) expect(normalizeSweep(preset.spec).problems, preset.id).toEqual([]);
  });

  it('are linked from the L1/L2 and dropout lessons', () => {
    const linked = LESSONS.filter((lesson) => lesson.sweep).map((lesson) => [lesson.id, lesson.sweep]);
    expect(linked).toEqual([
      ['l1-l2', 'l2-strength'],
      ['dropout', 'dropout-rate'],
    ]);
    for (const [, id] of linked) expect(SWEEP_PRESETS.some((preset) => preset.id === id)).toBe(true);
  });

  it('read a U and a double-descent peak only when the numbers show one', () => {
    expect(uShape([0.6, 0.5, 0.4, 0.7])).toEqual({ lowest: 2, isU: true });
    expect(uShape([0.6, 0.58, 0.7]).isU).toBe(false);
    expect(uShape([0.3, 0.5, 0.7]).isU).toBe(false);
    expect(doubleDescentPeak([0.8, 0.5, 0.7, 0.4, 0.35])).toBe(2);
    expect(doubleDescentPeak([0.8, 0.6, 0.5, 0.45, 0.44])).toBeNull();
    // A peak of the medians that one seed does not share is not a peak.
    expect(doubleDescentPeak([0.8, 0.5, 0.7, 0.4, 0.35], [0.7, 0.45, 0.45, 0.35, 0.3])).toBeNull();
  });

  // The L2 preset's claim, measured: on its overfitting set the median held-out loss over its
  // 5 seeds is lowest inside the range, at least 10% below both ends.
  it('"How strong should L2 be?" draws a U over 5 seeds', async () => {
    const preset = SWEEP_PRESETS.find((candidate) => candidate.id === 'l2-strength')!;
    expect(preset.spec.seeds).toBe(5);
    const plan = planSweep(preset.spec, checked(presetSettings(preset, DEFAULT_SETTINGS)));
    const results = await runSweep(plan, createInProcessSummaryPool(), new AbortController().signal, {});
    const summary = aggregateSweep(plan, results);
    const validation = summary.cells.map((cell) => cell.bands.validationLoss!.median);
    const validationU = uShape(validation);
    expect(validationU.isU, `validation medians ${validation.join(', ')}`).toBe(true);
    expect(summary.best).toBe(validationU.lowest);
    // The held-out test set, which chose nothing, shows the U too; the verdict reads it.
    const test = summary.cells.map((cell) => cell.bands.testLoss!.median);
    expect(uShape(test).isU, `test medians ${test.join(', ')}`).toBe(true);
    expect(preset.verdict!(summary)).toMatch(/^A U: the median test loss is lowest at λ₂ = /);
  }, 180_000);
});
