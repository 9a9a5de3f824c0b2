import { afterEach, describe, expect, it } from 'vitest';
import { INITIAL_RUN_STATE, runStore } from '../../../src/state/runStore';
import { replaceSettings, settingsStore } from '../../../src/state/settingsStore';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { appendRunLog, startRun } from '../../../src/state/telemetryStore';
import { runStartSettings, stopTrackingRunStarts, trackRunStarts } from '../../../src/ui/export/runStart';
import { checked, checkedPatch } from '../../checkedSettings';

/** What the run controller does on a worker's ready event: new telemetry, the run's settings, then the run id. */
function ready(runId: number, settings: Partial<Settings> = settingsStore.getState().settings) {
  startRun(runId);
  replaceSettings(checkedPatch(settings));
  runStore.setState({ runId });
}

afterEach(() => {
  stopTrackingRunStarts();
  settingsStore.setState({ settings: checked({ ...DEFAULT_SETTINGS }) });
  runStore.setState({ ...INITIAL_RUN_STATE });
  startRun(0);
});

describe('run start settings (for replay files)', () => {
  it('remembers the settings each run was built from, through live changes', () => {
    trackRunStarts();
    ready(1, { ...DEFAULT_SETTINGS, seed: 9 });
    replaceSettings(checkedPatch({ l2Enabled: true }));
    appendRunLog({ step: 3, epoch: 0, changes: { l2Enabled: true }, label: 'L2 on' });
    expect(runStartSettings()).toEqual({ ...DEFAULT_SETTINGS, seed: 9 });
    ready(2, { ...DEFAULT_SETTINGS, seed: 9, l2Enabled: true, hiddenLayers: [4] });
    expect(runStartSettings()).toMatchObject({ l2Enabled: true, hiddenLayers: [4] });
  });

  it('without a record, trusts the current settings only when nothing changed live', () => {
    ready(5);
    expect(runStartSettings()).toEqual(DEFAULT_SETTINGS);
    appendRunLog({ step: 1, epoch: 0, changes: { dropoutEnabled: true }, label: 'Dropout on' });
    expect(runStartSettings()).toBeNull();
  });
});
