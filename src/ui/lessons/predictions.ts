/**
 * The predictions of "Predict, then see": one answer per lesson, kept for this page's lifetime,
 * and the outcome rules the lessons share.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { LessonCheck, LessonPrediction } from './types';

/** Marks a lesson whose check the student chose to see without predicting. */
export const SKIPPED = 'skipped';

interface PredictionState {
  /** Lesson id -> chosen option id (or SKIPPED). */
  answers: Readonly<Record<string, string>>;
}

export const predictionStore = createStore<PredictionState>(() => ({ answers: {} }));

/** Records the student's answer for a lesson. */
export function recordPrediction(lessonId: string, optionId: string): void {
  predictionStore.setState((state) => ({ answers: { ...state.answers, [lessonId]: optionId } }));
}

/** Forgets a lesson's answer (to predict again). */
export function clearPrediction(lessonId: string): void {
  predictionStore.setState((state) => {
    const answers = { ...state.answers };
    delete answers[lessonId];
    return { answers };
  });
}

/** The recorded answer of a lesson, or null. */
export function usePrediction(lessonId: string): string | null {
  return useStore(predictionStore, (state) => state.answers[lessonId] ?? null);
}

/** A measured change judged as higher / lower / about the same (within `same`). */
export function directionOf(value: number | undefined, same: number): 'higher' | 'lower' | 'same' | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  if (value > same) return 'higher';
  if (value < -same) return 'lower';
  return 'same';
}

/** "Higher / lower / about the same" of a check's `numbers[key]`, decided once the check is. */
export function directionQuestion(question: string, key: string, same: number, sameLabel: string): LessonPrediction {
  return {
    question,
    options: [
      { id: 'higher', label: 'Higher' },
      { id: 'lower', label: 'Lower' },
      { id: 'same', label: sameLabel },
    ],
    outcome: (check: LessonCheck) => (check.status === 'waiting' ? null : directionOf(check.numbers?.[key], same)),
  };
}

/** A yes/no question whose answer is the check's verdict ("yes" = the claim holds). */
export function verdictQuestion(question: string, yes: string, no: string): LessonPrediction {
  return {
    question,
    options: [
      { id: 'holds', label: yes },
      { id: 'does-not-hold', label: no },
    ],
    outcome: (check: LessonCheck) => (check.status === 'waiting' ? null : check.status),
  };
}
