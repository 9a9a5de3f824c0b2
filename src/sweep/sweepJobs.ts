/** A sweep's specification and base settings, expanded into its runs. */
import { checkSettings, type CheckedSettings } from '../settings/settingsValidation';
import type { Settings } from '../settings/settingsTable';
import { axisValues, runSettings, type SweepSpec } from './sweepSpec';
import type { SweepJob } from './sweepTypes';

/** The runs of a sweep and the values of its axes. */
export interface SweepPlan {
  spec: SweepSpec;
  /** Values per axis (after rounding and de-duplication). */
  values: number[][];
  jobs: SweepJob[];
}

/**
 * A run's settings: the checked base with the sweep's values (the spec keeps them inside the
 * table's ranges), checked once here, where they become settings. A problem is a bug of the spec.
 */
function checkedRun(settings: Settings): CheckedSettings {
  const { settings: checked, problems } = checkSettings(settings, false);
  if (problems.length > 0) throw new Error(`A sweep run is outside the settings table: ${problems.join(' ')}`);
  return checked;
}

/**
 * Every (value, seed) run. Seeds are the outer loop, so the first seed's runs over all values come
 * first and the curve appears early while the other seeds fill in its band; the first seed's runs
 * carry the pictures (one decision boundary per value).
 */
export function planSweep(spec: SweepSpec, base: CheckedSettings): SweepPlan {
  const values = spec.axes.map(axisValues);
  const first = values[0];
  const second = values.length > 1 ? values[1] : [NaN];
  const jobs: SweepJob[] = [];
  for (let seed = 1; seed <= spec.seeds; seed++) {
    for (let valueIndex = 0; valueIndex < first.length; valueIndex++) {
      for (let value2Index = 0; value2Index < second.length; value2Index++) {
        const cellValues = values.length > 1 ? [first[valueIndex], second[value2Index]] : [first[valueIndex]];
        const { settings, epochs } = runSettings(base, spec, cellValues, seed);
        jobs.push({ id: jobs.length, valueIndex, value2Index: values.length > 1 ? value2Index : -1, seed, settings: checkedRun(settings), epochs, picture: seed === 1 });
      }
    }
  }
  return { spec, values, jobs };
}
