/**
 * The settings store: the current value of every row of the settings table. Actions are
 * module-level functions; their callers validate through the table before anything changes.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { DEFAULT_SETTINGS, type SettingKey, type Settings } from '../settings/settingsTable';

/** The settings store's state. */
export interface SettingsState {
  settings: Settings;
}

/** The vanilla store (usable outside React: the run controller subscribes to it). */
export const settingsStore = createStore<SettingsState>(() => ({ settings: { ...DEFAULT_SETTINGS } }));

/** React hook: one setting's value. */
export function useSetting<K extends SettingKey>(key: K): Settings[K] {
  return useStore(settingsStore, (state) => state.settings[key]);
}

/** React hook: the whole settings object (re-renders on every change; use sparingly). */
export function useSettings(): Settings {
  return useStore(settingsStore, (state) => state.settings);
}

/**
 * Sets one already validated setting (values are validated once, where they enter: the control,
 * the link, the embed message, the import). Returns whether anything changed.
 */
export function setSetting<K extends SettingKey>(key: K, value: Settings[K]): boolean {
  const current = settingsStore.getState().settings;
  if (JSON.stringify(current[key]) === JSON.stringify(value)) return false;
  settingsStore.setState({ settings: { ...current, [key]: value } });
  return true;
}

/** Replaces several settings at once (a lesson preset, a URL, an import): already validated. */
export function replaceSettings(patch: Partial<Settings>): void {
  const current = settingsStore.getState().settings;
  settingsStore.setState({ settings: { ...current, ...patch } });
}
