import { LESSON_BY_ID, evaluateLesson, type LessonRun } from '../lessons/lessons';
import type { EpochMetrics } from '../../state/viewTypes';
import { trainedEpochs } from '../lessons/useLiveLessonCheck';
import { revealTestBoth, type CompareSideState } from '../../state/compareController';
import { LessonCurveChart } from '../lessons/LessonCurveChart';

function run(side: CompareSideState, epochs: readonly EpochMetrics[]): LessonRun | null {
  if (!side.settings) return null;
  return { settings: side.settings, epochs: trainedEpochs(epochs), parameters: side.parameters, diverged: side.diverged, test: side.test };
}

/** The lesson's claim measured on the two runs of the comparison it opened. */
export function CompareLessonCheck({ lessonId, a, b, epochsA, epochsB }: { lessonId: string; a: CompareSideState; b: CompareSideState; epochsA: readonly EpochMetrics[]; epochsB: readonly EpochMetrics[] }) {
  const lesson = LESSON_BY_ID[lessonId];
  const runA = run(a, epochsA);
  const runB = run(b, epochsB);
  if (!lesson || !runA || !runB || !a.dataset) return null;
  const check = evaluateLesson(lesson, {
    ...runA,
    informativeFeatures: a.dataset.informativeFeatures,
    featureNames: a.dataset.featureNames,
    task: a.dataset.task,
    compare: runB,
  });
  const status = check.status === 'holds' ? 'The claim holds on these runs' : check.status === 'does-not-hold' ? 'The claim did not hold on these runs' : 'Not decided yet';
  return (
    <div className={`lesson-check compare-lesson-check status-${check.status}`} role="status" aria-label="Lesson check">
      <strong>
        {lesson.title}: {status}.
      </strong>{' '}
      {check.headline}
      {check.curve ? <LessonCurveChart curve={check.curve} /> : null}{' '}
      <button type="button" className="small" onClick={() => revealTestBoth()}>
        Reveal test (both runs)
      </button>
    </div>
  );
}
