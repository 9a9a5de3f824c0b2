/** The table's digit resolution ('14' | '28', as in a link) as the data layer's pixel size. */
import type { Settings } from './settingsTable';

/** The digits' pixel resolution the settings ask for (the one place the mapping is written). */
export function digitsResolutionOf(settings: Pick<Settings, 'digitsResolution'>): 14 | 28 {
  return settings.digitsResolution === '28' ? 28 : 14;
}
