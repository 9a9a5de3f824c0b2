import { Header } from './shell/Header';
import { Sidebar } from './shell/Sidebar';
import { ShortcutsDialog } from './shell/ShortcutsDialog';
import { FirstScreen } from './FirstScreen';
import { TechniqueSwitches } from './shell/TechniqueSwitches';
import { useKeyboardShortcuts } from './shell/useKeyboardShortcuts';
import { useTheme } from './shell/useTheme';
import { setUi, useUi } from '../state/uiStore';
import { useEffect, useMemo } from 'react';
import { adoptEarlyConnection, applySettings, connectTraining, disconnectTraining } from '../state/runController';
import { startUrlSync } from '../state/urlSync';
import { LinkNotice } from './share/LinkNotice';
import { lazy, Suspense } from 'react';
import { startCompare, useCompare } from '../state/compareController';
import { settingsStore } from '../state/settingsStore';
import { useSweep } from '../sweep/sweepStore';
import { useRun } from '../state/runStore';
import { useMountWhenIdle } from './shell/useMountWhenIdle';
import { openSweepMode } from '../sweep/sweepMode';

const SweepView = lazy(() => import('./sweep/SweepView').then((module) => ({ default: module.SweepView })));
const CompareView = lazy(() => import('./compare/CompareView').then((module) => ({ default: module.CompareView })));

/**
 * The playground on one screen: the header (run controls, live figures), the five technique
 * switches, the first screen's views and the inspector; all settings in a drawer one click away.
 */
export function App() {
  useKeyboardShortcuts();
  useTheme();
  const sidebarOpen = useUi((state) => state.sidebarOpen);
  const view = useUi((state) => state.view);
  const comparing = useCompare((state) => state.active);
  const hidden = useMemo(() => new Set(view.hide), [view.hide]);
  const sweeping = useSweep((state) => state.open);
  const maximized = useUi((state) => state.maximizedPanel !== null);
  // The closed drawer's controls wait until the first screen is up (or the drawer opens).
  const settingsRendered = useMountWhenIdle(sidebarOpen, useRun((state) => state.connection !== 'starting'));
  useEffect(() => {
    if (view.sweep) openSweepMode(view.sweep);
  }, [view.sweep]);
  useEffect(() => {
    if (view.compare) void startCompare(settingsStore.getState().settings, view.compare);
  }, [view.compare]);
  useEffect(() => {
    // The boot started the worker before this render; later view changes reconnect here.
    if (!adoptEarlyConnection(view.autoplay)) connectTraining({ autoplay: view.autoplay });
    const stopSync = startUrlSync(view, (decoded) => applySettings(decoded.settings));
    return () => {
      stopSync();
      disconnectTraining();
    };
  }, [view]);
  return (
    <div className="app" data-sidebar-open={sidebarOpen} data-maximized={maximized}>
      <a className="skip-link" href="#panels">Skip to the panels</a>
      <Header />
      <div className="app-body">
        <TechniqueSwitches hidden={hidden} />
        <div id="settings-column" className="settings-column" aria-hidden={!sidebarOpen} inert={!sidebarOpen}>
          <div className="drawer-header">
            <h2>All settings</h2>
            <button type="button" className="small" onClick={() => setUi({ sidebarOpen: false })}>
              Close<span className="visually-hidden"> settings</span>
            </button>
          </div>
          {settingsRendered ? <Sidebar hidden={hidden} /> : null}
        </div>
        {sidebarOpen ? <button type="button" className="drawer-scrim" aria-label="Close settings" onClick={() => setUi({ sidebarOpen: false })} /> : null}
        <main id="panels" className="main-area" tabIndex={-1}>
          <LinkNotice />
          <Suspense fallback={<p className="notice">Loading…</p>}>{sweeping ? <SweepView /> : comparing ? <CompareView /> : <FirstScreen only={view.panels} />}</Suspense>
        </main>
      </div>
      <ShortcutsDialog />
    </div>
  );
}
