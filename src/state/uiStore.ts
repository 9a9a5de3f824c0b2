/** UI preferences that are not settings of the run: theme, projector mode, shortcuts, dialogs. */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { DEFAULT_VIEW, type ViewState } from './urlState';

/** Colour theme: follow the system, or forced. */
export type ThemeChoice = 'auto' | 'light' | 'dark';

/** The UI store's state. */
export interface UiState {
  theme: ThemeChoice;
  projector: boolean;
  shortcutsEnabled: boolean;
  shortcutsOpen: boolean;
  sidebarOpen: boolean;
  /** The panel shown full screen (its DOM id, see Panel.tsx), or null. */
  maximizedPanel: string | null;
  /** What the link asked for: embed, lesson, compare, panels, hidden controls. */
  view: ViewState;
  /** What was wrong with the link (dropped or clamped values), until dismissed. */
  linkProblems: string[];
}

/** The vanilla UI store. */
export const uiStore = createStore<UiState>(() => ({
  theme: 'auto',
  projector: false,
  shortcutsEnabled: true,
  shortcutsOpen: false,
  sidebarOpen: false,
  maximizedPanel: null,
  view: DEFAULT_VIEW,
  linkProblems: [],
}));

/** React hook over the UI store. */
export function useUi<T>(select: (state: UiState) => T): T {
  return useStore(uiStore, select);
}

/** Merges a change into the UI store. */
export function setUi(change: Partial<UiState>): void {
  uiStore.setState(change);
}
