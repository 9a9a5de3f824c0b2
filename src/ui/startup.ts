/** What the page does before React renders: read the link (or the remembered state) into the stores. */
import { readStartState } from '../state/urlSync';
import { replaceSettings } from '../state/settingsStore';
import { setUi, uiStore } from '../state/uiStore';
import { isLessonId, unknownLessonProblem, type ViewState } from '../state/urlState';
import type { Settings } from '../settings/settingsTable';
import { checkPreset, DEFAULT_SETTINGS_CHECKED, type CheckedPatch } from '../settings/settingsValidation';

/** Storage, or null where the browser refuses it (private mode, sandboxed iframes). */
export function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Applies the start state and returns the view the link asked for. `embedPage`: this is
 * embed.html, always the widget (and, like any widget, blind to the reader's remembered state).
 */
export function bootstrap({ embedPage = false }: { embedPage?: boolean } = {}): ViewState {
  const start = readStartState(window.location.search, embedPage ? null : startStorage());
  if (embedPage) start.view = { ...start.view, embed: true };
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

/**
 * Checks the link's lesson against the lesson table's own keys, before the first render (the
 * table loads lazily: only links that name a lesson wait for it). An unknown id is dropped with a
 * notice, so the lesson panel opens its first lesson instead of failing on "constructor".
 *
 * A known lesson opens set up: its preset applies first, then the settings the link itself
 * carries (`linkSettings`: a shared link carries all of them, a teacher's may carry a few), so
 * `?lesson=dropout` alone is the dropout experiment, and a student's shared link is their run.
 */
export async function checkLinkedLesson(loadTable: () => Promise<object> = loadLessonTable, linkSettings: CheckedPatch | null = null): Promise<void> {
  const { view, linkProblems } = uiStore.getState();
  if (view.lesson === null) return;
  let table: object;
  try {
    table = await loadTable();
  } catch {
    return; // the lesson panel reports its own loading failure
  }
  if (isLessonId(view.lesson, table)) {
    const preset = (table as Readonly<Record<string, { preset?: Partial<Settings> }>>)[view.lesson].preset;
    if (linkSettings !== null && preset) replaceSettings({ ...DEFAULT_SETTINGS_CHECKED, ...checkPreset(preset), ...linkSettings });
    return;
  }
  setUi({ view: { ...view, lesson: null }, linkProblems: [...linkProblems, unknownLessonProblem(view.lesson)] });
}

async function loadLessonTable(): Promise<object> {
  return (await import('./lessons/lessons')).LESSON_BY_ID;
}
