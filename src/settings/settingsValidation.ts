/**
 * Validation of setting values against the table. Used for sidebar input, patches sent to the
 * worker, URL parameters, embed messages and imported JSON alike: one set of rules everywhere.
 */
import { SETTING_BY_KEY, type SettingKey, type SettingRow, type Settings } from './settingsTable';

/** The outcome of checking one value: the value to use, or why it was refused. */
export type CheckedValue<T> = { ok: true; value: T; clamped: boolean } | { ok: false; message: string };

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
      if (typeof raw === 'boolean') return { ok: true, value: raw, clamped: false };
      if (raw === '1' || raw === 'true') return { ok: true, value: true, clamped: false };
      if (raw === '0' || raw === 'false') return { ok: true, value: false, clamped: false };
      return { ok: false, message: `${row.label} must be on or off (got ${describe(raw)}).` };
    }
    case 'enum': {
      const match = kind.options.find((option) => option.value === raw);
      if (match) return { ok: true, value: match.value, clamped: false };
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
        return { ok: true, value: Math.min(kind.max, Math.max(kind.min, rounded)), clamped: true };
      }
      return { ok: true, value: rounded, clamped: rounded !== value };
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
      return { ok: true, value: values, clamped };
    }
  }
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
export interface CheckedPatch {
  patch: Partial<Settings>;
  problems: string[];
}

/**
 * Validates an untrusted object of settings (from a patch, an embed message or imported JSON).
 * Unknown keys and invalid values are dropped with a message; out-of-range numbers are clamped
 * when `clamp` is set (URL and imports), refused otherwise (live patches).
 */
export function checkPatch(raw: unknown, clamp: boolean): CheckedPatch {
  const problems: string[] = [];
  const patch: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { patch: {}, problems: ['Settings must be an object of name: value pairs.'] };
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
  return { patch: patch as Partial<Settings>, problems };
}
