/** Short human descriptions of setting changes, for the run log and the loss chart's markers. */
import { SETTING_BY_KEY, type SettingKey, type Settings } from './settingsTable';

/** A setting's value in words: "on", "Adam", "32, 32", "0.001". */
export function describeValue(key: SettingKey, value: unknown): string {
  const row = SETTING_BY_KEY[key];
  if (row.kind.type === 'boolean') return value ? 'on' : 'off';
  if (row.kind.type === 'enum') return row.kind.options.find((option) => option.value === value)?.label ?? String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (typeof value === 'number') return String(Number(value.toPrecision(4)));
  return String(value);
}

/** e.g. "L2 on", "Dropout rate 0.5", "Learning rate 0.03". Several changes are joined with "; ". */
export function describeChange(changes: Partial<Settings>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const row = SETTING_BY_KEY[key as SettingKey];
    if (!row) continue;
    parts.push(`${row.label} ${describeValue(row.key as SettingKey, value)}`);
  }
  return parts.join('; ');
}
