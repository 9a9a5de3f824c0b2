/**
 * The "Try this" steps as the panel drives them: which step the student is on, what the check
 * should say there, and how the current settings differ from what the step set up. Pure apart
 * from the small store that remembers the last step button pressed.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { describeChange, describeValue } from '../../settings/describeChange';
import type { Settings } from '../../settings/settingsTable';
import type { Lesson, LessonStatus, TryStep } from './types';

/** A step's words. */
export function stepText(step: TryStep): string {
  return typeof step === 'string' ? step : step.text;
}

/** The settings a step changes from the preset (none for play, compare and reveal steps). */
export function stepSettings(step: TryStep): Partial<Settings> {
  return typeof step === 'string' ? {} : (step.settings ?? {});
}

function sameValues(a: Partial<Settings>, b: Partial<Settings>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Settings>;
  for (const key of keys) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  return true;
}

/**
 * What the check is expected to say on step `index`: "does not hold" on the step that is the
 * lesson's negative control (the tests hold that on seeds 1-10), nothing in particular elsewhere.
 */
export function expectedStatus(lesson: Lesson, index: number | null): LessonStatus | null {
  if (index === null) return null;
  const settings = stepSettings(lesson.tryThis[index]);
  return Object.keys(settings).length > 0 && sameValues(settings, lesson.control) ? 'does-not-hold' : null;
}

/** What step `index` sets up: the preset with the step's settings (the preset alone for null). */
export function stepTarget(lesson: Lesson, index: number | null): Partial<Settings> {
  return { ...lesson.preset, ...(index === null ? {} : stepSettings(lesson.tryThis[index])) };
}

/** The settings that differ from what the step set up: "Training examples 500 (the lesson sets 30)". */
export function differencesFromStep(lesson: Lesson, index: number | null, current: Settings): string[] {
  const target = stepTarget(lesson, index) as Readonly<Record<string, unknown>>;
  const values = current as unknown as Readonly<Record<string, unknown>>;
  const differences: string[] = [];
  for (const key of Object.keys(target) as (keyof Settings)[]) {
    if (key === 'seed') continue; // A new seed is the point of "Reset with a new seed": not a difference.
    if (JSON.stringify(values[key]) === JSON.stringify(target[key])) continue;
    differences.push(`${describeChange({ [key]: values[key] } as Partial<Settings>)} (${index === null ? 'the lesson' : `step ${index + 1}`} sets ${describeValue(key, target[key])})`);
  }
  return differences;
}

/**
 * The step the student is on: the last step button pressed for this lesson, while the settings
 * still match what it set up; before any button (or after "Load lesson") the preset itself.
 * Null when the student has changed the settings away from both.
 */
export function currentStepIndex(lesson: Lesson, pressed: number | null, current: Settings): number | null | 'custom' {
  const matches = (index: number | null) => differencesFromStep(lesson, index, current).length === 0;
  if (pressed !== null && matches(pressed)) return pressed;
  if (matches(null)) return null;
  // Settings typed by hand that are exactly a step's: the student is on that step.
  const found = lesson.tryThis.findIndex((step, index) => Object.keys(stepSettings(step)).length > 0 && matches(index));
  return found >= 0 ? found : 'custom';
}

/** The last step button pressed, per page (reset by "Load lesson"). */
export const pressedStepStore = createStore<{ lessonId: string | null; index: number | null }>(() => ({ lessonId: null, index: null }));

/** React hook: the pressed step of `lessonId` (null if none). */
export function usePressedStep(lessonId: string): number | null {
  return useStore(pressedStepStore, (state) => (state.lessonId === lessonId ? state.index : null));
}

/** Records a step button press (null: back to the preset). */
export function pressStep(lessonId: string, index: number | null): void {
  pressedStepStore.setState({ lessonId, index });
}
