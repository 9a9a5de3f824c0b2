/**
 * Keeps the address bar and the settings in step: the link always reproduces the current state,
 * back/forward restore earlier states, and the last state is remembered in localStorage for the
 * next visit (a link with settings wins over the remembered state).
 */
import { decodeUrl, encodeUrl, type DecodedUrl, type ViewState } from './urlState';
import { settingsStore } from './settingsStore';
import type { Settings } from '../settings/settingsTable';
import { DEFAULT_SETTINGS_CHECKED } from '../settings/settingsValidation';

/** localStorage key of the remembered state. */
export const STORAGE_KEY = 'regularization-playground:last-state';
/** How long settings must rest before a history entry is written (a slider drag is one entry). */
const HISTORY_DEBOUNCE_MS = 600;

let currentView: Partial<ViewState> = {};

/** Reads the start state: the link's settings, else the remembered ones, else the defaults. */
export function readStartState(search: string, storage: Storage | null): DecodedUrl {
  const decoded = decodeUrl(search);
  if (decoded.hasSettings || !storage) return decoded;
  let saved: string | null;
  try {
    saved = storage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  if (!saved) return decoded;
  const remembered = decodeUrl(saved);
  // A remembered state that no longer decodes cleanly is dropped silently (it was ours, not the user's link).
  return { ...decoded, settings: remembered.settings, hasSettings: remembered.hasSettings };
}

/** Forgets the remembered state. */
export function clearRememberedState(storage: Storage | null): void {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: nothing to clear
  }
}

/** The link for the current state (absolute). */
export function currentLink(view: Partial<ViewState> = currentView): string {
  const { origin, pathname } = window.location;
  return `${origin}${pathname}${encodeUrl(settingsStore.getState().settings, view)}`;
}

/**
 * Starts syncing: settings changes write the URL (one history entry per pause in changes) and
 * localStorage; back/forward call `onNavigate` with the decoded state.
 */
export function startUrlSync(view: Partial<ViewState>, onNavigate: (decoded: DecodedUrl) => void): () => void {
  currentView = view;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWritten = window.location.search;
  const write = (settings: Settings) => {
    timer = null;
    const search = encodeUrl(settings, currentView);
    if (search === lastWritten) return;
    lastWritten = search;
    window.history.pushState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
    try {
      window.localStorage.setItem(STORAGE_KEY, search);
    } catch {
      // storage full or disabled: the link still carries the state
    }
  };
  const unsubscribe = settingsStore.subscribe((state, previous) => {
    if (state.settings === previous.settings) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => write(settingsStore.getState().settings), HISTORY_DEBOUNCE_MS);
  });
  const onPopState = () => {
    lastWritten = window.location.search;
    const decoded = decodeUrl(window.location.search);
    onNavigate({ ...decoded, settings: { ...DEFAULT_SETTINGS_CHECKED, ...decoded.settings } });
  };
  window.addEventListener('popstate', onPopState);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onPopState);
    if (timer !== null) clearTimeout(timer);
  };
}

/** Updates the view part of the link (e.g. a lesson opened) without touching settings. */
export function setLinkView(view: Partial<ViewState>): void {
  currentView = view;
  const search = encodeUrl(settingsStore.getState().settings, view);
  window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
}
