/**
 * Settings as a JSON file, and reading one back. Import is validated by the one validator of the
 * settings table (checkPatch, clamping out-of-range numbers as URLs do) and never throws.
 */
import type { Settings } from '../../settings/settingsTable';
import { checkPatch, type CheckedPatch } from '../../settings/settingsValidation';
import { capProblems } from '../../state/problemList';

/** The `format` field of a settings file. */
export const SETTINGS_FORMAT = 'regularization-playground/settings';
/** The version this code writes and reads. */
export const SETTINGS_VERSION = 1;
/** Largest settings file read (a real one is about 2 kB). */
export const MAX_SETTINGS_FILE_BYTES = 1_000_000;

/** The message for a file over a size limit, e.g. "…is 3.2 MB; a settings file is at most 1 MB". */
export function tooLargeMessage(name: string, bytes: number, kind: string, limit: number): string {
  const megabytes = (value: number) => `${Number((value / 1_000_000).toPrecision(2))} MB`;
  return `"${name.slice(0, 60)}" is ${megabytes(bytes)}; a ${kind} is at most ${megabytes(limit)}. Nothing was changed.`;
}

/** The outcome of reading a settings file: the valid settings and what was dropped or clamped, or why nothing was read. */
export type SettingsImport = { ok: true; settings: CheckedPatch; problems: string[] } | { ok: false; message: string };

/** The settings as the text of a settings file (pretty-printed JSON with a trailing line break). */
export function settingsToJson(settings: Settings): string {
  return `${JSON.stringify({ format: SETTINGS_FORMAT, version: SETTINGS_VERSION, settings }, null, 2)}\n`;
}

/** Reads the text of a settings file; never throws. */
export function parseSettingsJson(text: string): SettingsImport {
  // Characters, not bytes: a bound on the work either way (the caller checks the file's bytes first).
  if (text.length > MAX_SETTINGS_FILE_BYTES) return { ok: false, message: 'This file is too large for a settings file (at most 1 MB).' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not JSON: choose a settings file exported by the playground (a .json file).' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, message: 'This JSON is not a settings file: it should be an object with "format", "version" and "settings".' };
  }
  const file = raw as Record<string, unknown>;
  if (file.format !== SETTINGS_FORMAT) {
    const found = typeof file.format === 'string' ? ` (its format is "${file.format.slice(0, 60)}")` : '';
    return { ok: false, message: `This JSON is not a playground settings file${found}: expected format "${SETTINGS_FORMAT}".` };
  }
  if (typeof file.version !== 'number' || !Number.isInteger(file.version) || file.version < 1) {
    return { ok: false, message: 'This settings file has no valid version number.' };
  }
  if (file.version > SETTINGS_VERSION) {
    return { ok: false, message: `This settings file is version ${file.version}, newer than this playground reads (${SETTINGS_VERSION}): update the playground.` };
  }
  if (typeof file.settings !== 'object' || file.settings === null || Array.isArray(file.settings)) {
    return { ok: false, message: 'This settings file has no "settings" object.' };
  }
  const checked = checkPatch(file.settings, true);
  // A file may name 70,000 unknown keys: list the first few and count the rest.
  return { ok: true, settings: checked.patch, problems: capProblems(checked.problems) };
}

/** A file name for the settings, e.g. "playground-settings-spirals-seed-1.json". */
export function settingsFileName(settings: Settings): string {
  return `playground-settings-${settings.dataset}-seed-${settings.seed}.json`;
}
