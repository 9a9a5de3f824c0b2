/**
 * Keys 1-5 switch the five techniques on and off, for presenters who keep their hands on the
 * keyboard. The order is the sidebar's.
 */
import type { SettingKey, Settings } from '../../settings/settingsTable';

/** A technique a number key switches. */
export interface TechniqueKey {
  key: '1' | '2' | '3' | '4' | '5';
  setting: SettingKey & ('l1Enabled' | 'l2Enabled' | 'dropoutEnabled' | 'batchNorm' | 'earlyStopping');
  name: string;
}

/** The five technique keys. */
export const TECHNIQUE_KEYS: readonly TechniqueKey[] = [
  { key: '1', setting: 'l1Enabled', name: 'L1' },
  { key: '2', setting: 'l2Enabled', name: 'L2' },
  { key: '3', setting: 'dropoutEnabled', name: 'Dropout' },
  { key: '4', setting: 'batchNorm', name: 'Batch normalization' },
  { key: '5', setting: 'earlyStopping', name: 'Early stopping' },
];

/** The technique of a key press, or null. */
export function techniqueForKey(key: string): TechniqueKey | null {
  return TECHNIQUE_KEYS.find((technique) => technique.key === key) ?? null;
}

/** What a screen reader hears after the switch: "L2 on, strength 0.001". */
export function techniqueAnnouncement(technique: TechniqueKey, settings: Settings): string {
  const on = settings[technique.setting];
  if (!on) return `${technique.name} off`;
  switch (technique.setting) {
    case 'l1Enabled':
      return `L1 on, strength ${settings.l1}`;
    case 'l2Enabled':
      return `L2 on, strength ${settings.l2}`;
    case 'dropoutEnabled':
      return `Dropout on, rate ${settings.dropoutRate}`;
    case 'earlyStopping':
      return `Early stopping on, patience ${settings.patience} epochs`;
    default:
      return `${technique.name} on`;
  }
}
