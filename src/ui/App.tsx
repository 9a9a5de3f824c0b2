import { Header } from './shell/Header';
import { Sidebar } from './shell/Sidebar';
import { ShortcutsDialog } from './shell/ShortcutsDialog';
import { PanelGrid } from './PanelGrid';
import { useKeyboardShortcuts } from './shell/useKeyboardShortcuts';
import { useTheme } from './shell/useTheme';
import { setUi, useUi } from '../state/uiStore';
import { useEffect } from 'react';
import { applySettings, connectTraining, disconnectTraining } from '../state/runController';
import { startUrlSync } from '../state/urlSync';
import { LinkNotice } from './share/LinkNotice';
import { lazy, Suspense } from 'react';
import { startCompare, useCompare } from '../state/compareController';
import { settingsStore } from '../state/settingsStore';
import { useSweep } from '../sweep/sweepStore';
import { openSweepMode } from '../sweep/sweepMode';

const SharePanel = lazy(() => import('./share/SharePanel').then((module) => ({ default: module.SharePanel })));
const ExportPanel = lazy(() => import('./export/ExportPanel').then((module) => ({ default: module.ExportPanel })));
const SweepView = lazy(() => import('./sweep/SweepView').then((module) => ({ default: module.SweepView })));
const CompareView = lazy(() => import('./compare/CompareView').then((module) => ({ default: module.CompareView })));

/** The playground: header, settings column, panels. */
export function App() {
  useKeyboardShortcuts();
  useTheme();
  const sidebarOpen = useUi((state) => state.sidebarOpen);
  const view = useUi((state) => state.view);
  const comparing = useCompare((state) => state.active);
  const sweeping = useSweep((state) => state.open);
  useEffect(() => {
    if (view.sweep) openSweepMode(view.sweep);
  }, [view.sweep]);
  useEffect(() => {
    if (view.compare) void startCompare(settingsStore.getState().settings, view.compare);
  }, [view.compare]);
  useEffect(() => {
    connectTraining({ autoplay: view.autoplay });
    const stopSync = startUrlSync(view, (decoded) => applySettings(decoded.settings));
    return () => {
      stopSync();
      disconnectTraining();
    };
  }, [view]);
  return (
    <div className="app" data-sidebar-open={sidebarOpen}>
      <a className="skip-link" href="#panels">Skip to the panels</a>
      <Header />
      <div className="app-body">
        <div id="settings-column" className="settings-column">
          <Sidebar hidden={new Set(view.hide)} />
        </div>
        {sidebarOpen ? <button type="button" className="drawer-scrim" aria-label="Close settings" onClick={() => setUi({ sidebarOpen: false })} /> : null}
        <main id="panels" className="panel-grid" tabIndex={-1}>
          <LinkNotice />
          <Suspense fallback={<p className="notice">Loading…</p>}>
            {sweeping ? <SweepView /> : comparing ? <CompareView /> : <PanelGrid only={view.panels} />}
            <SharePanel />
            <ExportPanel />
          </Suspense>
        </main>
      </div>
      <ShortcutsDialog />
    </div>
  );
}
