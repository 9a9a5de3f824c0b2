/**
 * The settings store: the current value of every row of the settings table. Actions are
 * module-level functions; their callers validate through the table before anything changes.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { SettingKey, Settings } from '../settings/settingsTable';
import { DEFAULT_SETTINGS_CHECKED, type CheckedPatch, type CheckedSettings } from '../settings/settingsValidation';

/** The settings store's state: only values that passed the table's validation where they entered. */
export interface SettingsState {
  settings: CheckedSettings;
}

/** The vanilla store (usable outside React: the run controller subscribes to it). */
export const settingsStore = createStore<SettingsState>(() => ({ settings: { ...DEFAULT_SETTINGS_CHECKED } }));

/** React hook: one setting's value. */
export function useSetting<K extends SettingKey>(key: K): Settings[K] {
  return useStore(settingsStore, (state) => state.settings[key]);
}

/** React hook: the whole settings object (re-renders on every change; use sparingly). */
export function useSettings(): Settings {
  return useStore(settingsStore, (state) => state.settings);
}

/**
 * Sets already validated settings (values are validated once, where they enter: the control, the
 * link, the embed message, the import). Returns whether anything changed.
 */
export function setSetting(change: CheckedPatch): boolean {
  const current = settingsStore.getState().settings;
  const keys = Object.keys(change) as SettingKey[];
  if (keys.every((key) => JSON.stringify(current[key]) === JSON.stringify(change[key]))) return false;
  settingsStore.setState({ settings: { ...current, ...change } });
  return true;
}

/** Replaces several settings at once (a lesson preset, a URL, an import): already validated. */
export function replaceSettings(patch: CheckedPatch): void {
  const current = settingsStore.getState().settings;
  settingsStore.setState({ settings: { ...current, ...patch } });
}
