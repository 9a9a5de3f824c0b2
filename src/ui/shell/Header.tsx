import { setUi, useUi } from '../../state/uiStore';
import { RunControls } from './RunControls';
import { StatusLine } from './StatusLine';
import { CompareMenu } from '../compare/CompareMenu';
import { SweepButton } from '../sweep/SweepButton';

/** Product name, run controls, the status line and the view toggles. */
export function Header() {
  const projector = useUi((state) => state.projector);
  const sidebarOpen = useUi((state) => state.sidebarOpen);
  return (
    <header className="app-header">
      <div className="brand">
        <button
          type="button"
          className="sidebar-toggle"
          aria-expanded={sidebarOpen}
          aria-controls="settings-column"
          onClick={() => setUi({ sidebarOpen: !sidebarOpen })}
        >
          Settings
        </button>
        <h1>Regularization Playground</h1>
      </div>
      <RunControls />
      <StatusLine />
      <div className="view-controls">
        <CompareMenu />
        <SweepButton />
        <label className="switch compact">
          <input type="checkbox" role="switch" checked={projector} onChange={(event) => setUi({ projector: event.target.checked })} />
          <span className="switch-track" aria-hidden="true" />
          <span className="setting-label">Projector mode</span>
        </label>
        <button type="button" onClick={() => setUi({ shortcutsOpen: true })} aria-keyshortcuts="?" title="Keyboard help (?)">
          <span aria-hidden="true">?</span>
          <span className="visually-hidden">Keyboard help</span>
        </button>
      </div>
    </header>
  );
}
