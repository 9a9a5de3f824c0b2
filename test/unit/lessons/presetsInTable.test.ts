import { describe, expect, it } from 'vitest';
import { checkPatch, checkSettings, DEFAULT_SETTINGS_CHECKED } from '../../../src/settings/settingsValidation';
import { SWEEP_PARAMETERS, type SweepSpec } from '../../../src/sweep/sweepSpec';
import { planSweep } from '../../../src/sweep/sweepJobs';
import { LESSONS } from '../../../src/ui/lessons/lessons';
import { stepSettings } from '../../../src/ui/lessons/trySteps';
import { COMPARE_PRESETS } from '../../../src/ui/compare/comparePresets';
import { SWEEP_PRESETS } from '../../../src/sweep/sweepPresets';

// Authored presets are checked where they enter the page (checkPreset), which throws on a value
// outside the settings table: this holds that none does, so a reader never meets that throw.
describe('authored presets are inside the settings table', () => {
  const problemsOf = (settings: object) => checkPatch(settings, false).problems;

  it('every lesson preset, step, control and comparison', () => {
    expect(LESSONS.length).toBeGreaterThan(0);
    for (const lesson of LESSONS) {
      expect(problemsOf(lesson.preset), `${lesson.id} preset`).toEqual([]);
      expect(problemsOf({ ...lesson.preset, ...lesson.control }), `${lesson.id} control`).toEqual([]);
      if (lesson.compare) expect(problemsOf({ ...lesson.preset, ...lesson.compare }), `${lesson.id} compare`).toEqual([]);
      for (const step of lesson.tryThis) expect(problemsOf({ ...lesson.preset, ...stepSettings(step) }), `${lesson.id} step`).toEqual([]);
    }
  });

  it('every comparison and sweep preset', () => {
    for (const preset of COMPARE_PRESETS) expect(problemsOf(preset.changes), preset.id).toEqual([]);
    for (const preset of SWEEP_PRESETS) expect(problemsOf(preset.settings), preset.id).toEqual([]);
  });
});

describe('a sweep run opened in the main view is inside the settings table', () => {
  it('every sweep parameter over its whole range (where openSweepRun checks it)', () => {
    for (const row of SWEEP_PARAMETERS) {
      const spec: SweepSpec = { axes: [{ parameter: row.id, from: row.min, to: row.max, count: 5, scale: 'linear' }], seeds: 1, epochs: 10 };
      for (const job of planSweep(spec, DEFAULT_SETTINGS_CHECKED).jobs) expect(checkSettings(job.settings, false).problems, row.id).toEqual([]);
    }
  });
});
