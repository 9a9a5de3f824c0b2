import { COMPARE_PRESETS } from './comparePresets';
import { startCompare, useCompare } from '../../state/compareController';
import { settingsStore } from '../../state/settingsStore';
import { pause } from '../../state/runController';
import { checkPreset } from '../../settings/settingsValidation';

/** "Compare with…": opens compare mode with B = your settings plus one change. */
export function CompareMenu() {
  const active = useCompare((state) => state.active);
  return (
    <label className="compare-menu">
      <span className="visually-hidden">Compare with</span>
      <select
        aria-label="Compare with"
        value=""
        onChange={(event) => {
          const preset = COMPARE_PRESETS.find((candidate) => candidate.id === event.target.value);
          if (!preset) return;
          pause();
          void startCompare(settingsStore.getState().settings, checkPreset(preset.changes));
        }}
      >
        <option value="">{active ? 'Compare with something else…' : 'Compare with…'}</option>
        {COMPARE_PRESETS.map((preset) => (
          <option key={preset.id} value={preset.id}>{preset.label}</option>
        ))}
      </select>
    </label>
  );
}
