/**
 * The settings each run started from, for replay files. The stores hold the current settings
 * (after live changes); the run log holds the changes. When a run is (re)built the worker's ready
 * event puts its settings in the settings store before the run store gets the new run id, so
 * watching the run id captures them.
 */
import { runStore } from '../../state/runStore';
import { settingsStore } from '../../state/settingsStore';
import type { Settings } from '../../settings/settingsTable';
import { telemetryStore } from '../../state/telemetryStore';

let captured: { runId: number; settings: Settings } | null = null;
let unsubscribe: (() => void) | null = null;

function capture(): void {
  const runId = runStore.getState().runId;
  if (runId > 0) captured = { runId, settings: settingsStore.getState().settings };
}

/** Starts recording each run's starting settings (idempotent; call early, before the first run is built). */
export function trackRunStarts(): void {
  if (unsubscribe !== null) return;
  capture();
  unsubscribe = runStore.subscribe((state, previous) => {
    if (state.runId !== previous.runId) capture();
  });
}

/** Stops recording (tests). */
export function stopTrackingRunStarts(): void {
  unsubscribe?.();
  unsubscribe = null;
  captured = null;
}

/**
 * The settings the current run started from, or null when that was not recorded and cannot be
 * known (live changes were made and tracking started after the run was built).
 */
export function runStartSettings(): Settings | null {
  const runId = runStore.getState().runId;
  if (captured !== null && captured.runId === runId) return captured.settings;
  // Nothing changed live: the current settings are the ones the run started from.
  if (telemetryStore.getState().runLog.length === 0) return settingsStore.getState().settings;
  return null;
}
