import { useEffect } from 'react';
import { RunControls } from '../shell/RunControls';
import { StatusLine } from '../shell/StatusLine';
import { PanelGrid } from '../PanelGrid';
import { SettingControl } from '../controls/SettingControl';
import { useUi } from '../../state/uiStore';
import { connectTraining, disconnectTraining } from '../../state/runController';
import { settingsStore } from '../../state/settingsStore';
import { encodeUrl } from '../../state/urlState';
import { useEmbedBridge } from './useEmbedBridge';
import { useTheme } from '../shell/useTheme';
import { LinkNotice } from '../share/LinkNotice';
import { CompactContext } from '../panels/Panel';
import './embed.css';

/**
 * The compact widget for blog posts: chosen controls and panels, and a way out to the full
 * playground. It fits a blog column: panels share the width (one panel takes all of it), and the
 * host's snippet sizes the iframe to the height reported by useEmbedBridge.
 */
export function EmbedApp() {
  const view = useUi((state) => state.view);
  useTheme();
  useEmbedBridge();
  useEffect(() => {
    connectTraining({ autoplay: view.autoplay });
    return disconnectTraining;
  }, [view.autoplay]);
  const fullLink = () => `${window.location.pathname}${encodeUrl(settingsStore.getState().settings, { ...view, embed: false })}`;
  return (
    <div className="app embed">
      <header className="app-header embed-header">
        <h1>Regularization Playground</h1>
        <RunControls />
        <StatusLine />
      </header>
      {view.controls && view.controls.length > 0 ? (
        <div className="embed-controls" role="group" aria-label="Settings">
          {view.controls.map((key) => (
            <SettingControl key={key} settingKey={key} />
          ))}
        </div>
      ) : null}
      {/* Compact panels (captions behind "About"): a blog column has little height to give. */}
      <main id="panels" className="panel-grid" data-panel-count={view.panels?.length ?? 0}>
        <LinkNotice compact />
        <CompactContext.Provider value={true}>
          <PanelGrid only={view.panels} />
        </CompactContext.Provider>
      </main>
      <footer className="embed-footer">
        <a href={fullLink()} target="_blank" rel="noopener" onClick={(event) => (event.currentTarget.href = fullLink())}>
          Open in full playground ↗
        </a>
      </footer>
    </div>
  );
}
