/**
 * Tests are an edge of the page too: the settings they start runs with pass the table's validation
 * here (strictly: a value outside the table throws, so a test cannot hand a worker what no page
 * could), and come back with the brand the run handle and the settings store ask for.
 */
import type { Settings } from '../src/settings/settingsTable';
import { checkPreset, checkSettings, type CheckedPatch, type CheckedSettings } from '../src/settings/settingsValidation';

/** Full settings, checked (the table's defaults for what `settings` leaves out). */
export function checked(settings: Partial<Settings>): CheckedSettings {
  const { settings: result, problems } = checkSettings(settings, false);
  if (problems.length > 0) throw new Error(`Test settings outside the table: ${problems.join(' ')}`);
  return result;
}

/** Some settings, checked. */
export function checkedPatch(patch: Partial<Settings>): CheckedPatch {
  return checkPreset(patch);
}
