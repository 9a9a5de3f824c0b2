import { useId, useState } from 'react';
import { clearPrediction, recordPrediction, SKIPPED, usePrediction } from './predictions';
import type { Lesson, LessonCheck } from './types';

/**
 * "Predict, then see": asks the lesson's question before its check is shown, records the
 * answer, and once the check has decided says whether the prediction matched the measurement.
 * Returns true through `children` rendering only when the check may be shown.
 */
export function PredictThenSee({ lesson, check }: { lesson: Lesson; check: LessonCheck }) {
  const predict = lesson.predict!;
  const answer = usePrediction(lesson.id);
  const [choice, setChoice] = useState<string | null>(null);
  const id = useId();
  if (answer === null) {
    return (
      <form
        className="lesson-predict"
        aria-label="Predict, then see"
        onSubmit={(event) => {
          event.preventDefault();
          if (choice !== null) recordPrediction(lesson.id, choice);
        }}
      >
        <fieldset>
          <legend>Predict first: {predict.question}</legend>
          {predict.options.map((option) => (
            <label key={option.id} className="lesson-predict-option">
              <input type="radio" name={`${id}-prediction`} value={option.id} checked={choice === option.id} onChange={() => setChoice(option.id)} /> {option.label}
            </label>
          ))}
        </fieldset>
        <div className="lesson-predict-actions">
          <button type="submit" className="primary" disabled={choice === null}>
            Lock in my prediction
          </button>
          <button type="button" className="small" onClick={() => recordPrediction(lesson.id, SKIPPED)}>
            Show the check without predicting
          </button>
        </div>
      </form>
    );
  }
  if (answer === SKIPPED) return null;
  const chosen = predict.options.find((option) => option.id === answer)?.label ?? answer;
  const outcome = predict.outcome(check);
  const measured = outcome === null ? null : (predict.options.find((option) => option.id === outcome)?.label ?? outcome);
  return (
    <div className="lesson-predict-feedback" role="status" aria-label="Prediction feedback" data-matched={outcome === null ? undefined : String(outcome === answer)}>
      <p>
        Your prediction: <strong>{chosen}</strong>.{' '}
        {outcome === null
          ? 'The check has not decided yet: keep training (and reveal the test set where the check asks for it).'
          : outcome === answer
            ? `It matched: the run measured "${measured}". ${check.headline}`
            : `It did not match: the run measured "${measured}". ${check.headline}`}
      </p>
      <button type="button" className="small" onClick={() => clearPrediction(lesson.id)}>
        Predict again
      </button>
    </div>
  );
}
