/**
 * Validation of setting values against the table. Every value is validated once, where it enters
 * the page (a control, a link, an embed message, an imported file, an authored preset), and
 * nowhere after: the worker and the engine trust what the page sends them.
 *
 * What passed is marked with a brand (`CheckedSettings`, `CheckedPatch`) that only the functions
 * of this file hand out, and the run handle accepts nothing else for its init and patch commands:
 * the compiler shows that every value crossing to a worker passed an edge. The brand is a type
 * only (no runtime cost). Merging checked objects keeps it (`{ ...checked, ...checkedPatch }`);
 * overriding a checked object with a raw value (`{ ...checked, rate: 1 }`) would keep it too, so
 * build changes with `patchOf` or `checkPatch` instead.
 */
import { DEFAULT_SETTINGS, SETTING_BY_KEY, type SettingKey, type SettingRow, type Settings } from './settingsTable';

declare const checkedBrand: unique symbol;
/** The compile-time mark of values that passed the table's validation. */
interface Checked {
  readonly [checkedBrand]: true;
}

/** Full settings whose every value passed the table's validation at an edge of the page. */
export type CheckedSettings = Settings & Checked;
/** Some settings whose every value passed the table's validation at an edge of the page. */
export type CheckedPatch = Partial<Settings> & Checked;

/** The outcome of checking one value: the value to use, or why it was refused. */
export type CheckedValue<T> = ({ ok: true; value: T; clamped: boolean } & Checked) | { ok: false; message: string };

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/**
 * Checks `raw` against a row. Numbers out of range are clamped (and flagged) when `clamp` is set,
 * refused otherwise; wrong types are always refused. Strings are accepted for every kind (URL use).
 */
export function checkValue(row: SettingRow, raw: unknown, clamp: boolean): CheckedValue<unknown> {
  const kind = row.kind;
  switch (kind.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return accepted(raw, false);
      if (raw === '1' || raw === 'true') return accepted(true, false);
      if (raw === '0' || raw === 'false') return accepted(false, false);
      return { ok: false, message: `${row.label} must be on or off (got ${describe(raw)}).` };
    }
    case 'enum': {
      const match = kind.options.find((option) => option.value === raw);
      if (match) return accepted(match.value, false);
      const allowed = kind.options.map((option) => option.value).join(', ');
      return { ok: false, message: `${row.label} must be one of ${allowed} (got ${describe(raw)}).` };
    }
    case 'number':
    case 'int': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(value)) return { ok: false, message: `${row.label} must be a number (got ${describe(raw)}).` };
      if (kind.type === 'int' && !Number.isInteger(value)) {
        if (!clamp) return { ok: false, message: `${row.label} must be a whole number (got ${formatNumber(value)}).` };
      }
      const rounded = kind.type === 'int' ? Math.round(value) : value;
      if (rounded < kind.min || rounded > kind.max) {
        const range = `${formatNumber(kind.min)} to ${formatNumber(kind.max)}`;
        if (!clamp) return { ok: false, message: `${row.label} must be from ${range} (got ${formatNumber(value)}).` };
        return accepted(Math.min(kind.max, Math.max(kind.min, rounded)), true);
      }
      return accepted(rounded, rounded !== value);
    }
    case 'intList': {
      let items: unknown[];
      if (Array.isArray(raw)) items = raw;
      else if (typeof raw === 'string') items = raw.trim() === '' ? [] : raw.split(/[\s,;]+/).filter((part) => part !== '');
      else return { ok: false, message: `${row.label} must be a list of whole numbers (got ${describe(raw)}).` };
      if (items.length > kind.maxLength || items.length < kind.minLength) {
        return { ok: false, message: `${row.label} takes ${kind.minLength} to ${kind.maxLength} numbers (got ${items.length}).` };
      }
      const values: number[] = [];
      let clamped = false;
      for (const item of items) {
        const value = typeof item === 'number' ? item : typeof item === 'string' ? Number(item) : NaN;
        if (!Number.isFinite(value) || !Number.isInteger(value)) {
          return { ok: false, message: `${row.label} must be whole numbers (got ${describe(item)}).` };
        }
        if (value < kind.min || value > kind.max) {
          if (!clamp) return { ok: false, message: `Each of ${row.label} must be from ${kind.min} to ${kind.max} (got ${value}).` };
          clamped = true;
        }
        values.push(Math.min(kind.max, Math.max(kind.min, value)));
      }
      return accepted(values, clamped);
    }
  }
}

/** Marks what this file checked (the one place the brand is handed out, with `echoedByWorker`). */
function mark<T extends object>(checked: T): T & Checked {
  return checked as T & Checked;
}

function accepted(value: unknown, clamped: boolean): CheckedValue<unknown> {
  return mark({ ok: true as const, value, clamped });
}

/** One accepted value of `row` (from `checkValue`) as a checked change. */
export function patchOf(row: SettingRow, checked: Extract<CheckedValue<unknown>, { ok: true }>): CheckedPatch {
  return mark({ [row.key]: checked.value } as Partial<Settings>);
}

function describe(raw: unknown): string {
  if (typeof raw === 'string') return `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`;
  if (raw === null) return 'nothing';
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return typeof raw;
}

/** Whether `key` names a setting. */
export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTING_BY_KEY, key);
}

/** A validated partial settings object, and what was refused or clamped on the way. */
export interface PatchCheck {
  patch: CheckedPatch;
  problems: string[];
}

/**
 * Validates an untrusted object of settings (from a patch, an embed message or imported JSON).
 * Unknown keys and invalid values are dropped with a message; out-of-range numbers are clamped
 * when `clamp` is set (URL and imports), refused otherwise (live patches).
 */
export function checkPatch(raw: unknown, clamp: boolean): PatchCheck {
  const problems: string[] = [];
  const patch: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { patch: NO_CHANGES, problems: ['Settings must be an object of name: value pairs.'] };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!isSettingKey(key)) {
      problems.push(`Unknown setting "${key.slice(0, 40)}" ignored.`);
      continue;
    }
    const row = SETTING_BY_KEY[key];
    const checked = checkValue(row, value, clamp);
    if (!checked.ok) {
      problems.push(checked.message);
      continue;
    }
    if (checked.clamped) problems.push(`${row.label} was out of range and set to ${String(checked.value)}.`);
    patch[key] = checked.value;
  }
  return { patch: mark(patch as Partial<Settings>), problems };
}

/** Some values of checked settings (a subset of checked values is checked). */
export function pickChecked(from: CheckedSettings | CheckedPatch, keys: readonly SettingKey[]): CheckedPatch {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (key in from) picked[key] = from[key];
  return mark(picked as Partial<Settings>);
}

/** No change at all (trivially valid): the start of a patch built from checked values. */
export const NO_CHANGES: CheckedPatch = mark(Object.freeze({}));

/**
 * Validates a full settings object (an imported run's start): the table's defaults for what it
 * leaves out, as `checkPatch` for the rest.
 */
export function checkSettings(raw: unknown, clamp: boolean): { settings: CheckedSettings; problems: string[] } {
  const { patch, problems } = checkPatch(raw, clamp);
  return { settings: { ...DEFAULT_SETTINGS_CHECKED, ...patch }, problems };
}

/**
 * An authored preset (a lesson's, a comparison's, a sweep's): checked like any other input where it
 * enters. A value outside the table is a bug in the preset, not the reader's doing, so it throws
 * (the lesson and preset tests load every preset).
 */
export function checkPreset(raw: Partial<Settings>): CheckedPatch {
  const { patch, problems } = checkPatch(raw, false);
  if (problems.length > 0) throw new Error(`A preset is outside the settings table: ${problems.join(' ')}`);
  return patch;
}

/** The table's own defaults, checked once when this module loads (a table whose default breaks its own range throws here). */
export const DEFAULT_SETTINGS_CHECKED: CheckedSettings = (() => {
  const { patch, problems } = checkPatch(DEFAULT_SETTINGS, false);
  if (problems.length > 0) throw new Error(`The settings table's defaults break its own ranges: ${problems.join(' ')}`);
  return Object.freeze({ ...DEFAULT_SETTINGS, ...patch });
})();

/**
 * Settings a worker echoes back (a ready event's, a replayed change's). They are the checked
 * settings the page sent it, copied through postMessage, which keeps values but not compile-time
 * marks. Not a check, and not for anything that did not come back from a worker.
 */
export function echoedByWorker<T extends Settings | Partial<Settings>>(settings: T): T & Checked {
  return mark(settings);
}
