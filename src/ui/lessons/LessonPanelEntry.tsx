import { LessonPanel } from './LessonPanel';
import { lessonSettings, type Lesson } from './lessons';
import { startCompare } from '../../state/compareController';
import { pause } from '../../state/runController';
import { setLinkView } from '../../state/urlSync';
import { checkPreset, DEFAULT_SETTINGS_CHECKED } from '../../settings/settingsValidation';
import { uiStore, useUi } from '../../state/uiStore';

/** Opens a lesson's comparison: A = the lesson's preset, B = the preset with the lesson's change. */
export function openLessonComparison(lesson: Lesson): void {
  if (!lesson.compare) return;
  pause();
  setLinkView({ ...uiStore.getState().view, lesson: lesson.id });
  void startCompare({ ...DEFAULT_SETTINGS_CHECKED, ...checkPreset(lessonSettings(lesson, 'A')) }, checkPreset(lesson.compare), lesson.id, lesson.compareLabel ? `+ ${lesson.compareLabel}` : undefined);
}

/** The lesson panel in the grid: starts on the link's lesson, opens comparisons in compare mode. */
export function LessonPanelEntry() {
  const lessonId = useUi((state) => state.view.lesson);
  return <LessonPanel initialLessonId={lessonId ?? undefined} onOpenCompare={openLessonComparison} />;
}
