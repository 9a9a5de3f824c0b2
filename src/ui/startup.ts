/** What the page does before React renders: read the link (or the remembered state) into the stores. */
import { readStartState } from '../state/urlSync';
import { replaceSettings } from '../state/settingsStore';
import { setUi } from '../state/uiStore';
import type { ViewState } from '../state/urlState';

/** Storage, or null where the browser refuses it (private mode, sandboxed iframes). */
export function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Applies the start state and returns the view the link asked for. */
export function bootstrap(): ViewState {
  const start = readStartState(window.location.search, startStorage());
  replaceSettings(start.settings);
  setUi({
    view: start.view,
    theme: start.view.theme,
    projector: start.view.projector,
    linkProblems: start.problems,
  });
  return start.view;
}

function startStorage(): Storage | null {
  // An embedded widget shows the link's state only: a reader's own last visit must not leak in.
  return new URLSearchParams(window.location.search).has('embed') ? null : safeStorage();
}
