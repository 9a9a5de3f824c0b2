import { useEffect, useId, useState } from 'react';
import { applySettings, reset, revealTest, runToStep } from '../../state/runController';
import { useRun } from '../../state/runStore';
import { settingsStore, useSettings } from '../../state/settingsStore';
import { SETTING_BY_KEY, type SettingKey } from '../../settings/settingsTable';
import { formatCount } from './format';
import { LESSONS, LESSON_BY_ID, type Lesson, type LessonRun, type LessonStatus } from './lessons';
import { useLiveLessonCheck } from './useLiveLessonCheck';
import { SWEEP_PRESETS, presetSettings } from '../../sweep/sweepPresets';
import { encodeUrl } from '../../state/urlState';
import { LessonCurveChart } from './LessonCurveChart';
import { PredictThenSee } from './PredictThenSee';
import { SKIPPED, usePrediction } from './predictions';
import { TestFiguresLine } from './TestFiguresLine';
import { SeedCheck } from './SeedCheck';
import { clearSeedCheck } from './seedCheck';
import { currentStepIndex, differencesFromStep, expectedStatus, pressStep, stepSettings, stepText, usePressedStep } from './trySteps';
import { describeChange } from '../../settings/describeChange';
import { checkPreset } from '../../settings/settingsValidation';
import type { TryStep } from './types';
import { Panel } from '../panels/Panel';
import './lessons.css';

/** Props of the lesson panel. */
export interface LessonPanelProps {
  /** Called by "Open the comparison" on lessons that declare one; the compare mode trains run B. */
  onOpenCompare?: (lesson: Lesson) => void;
  /** The lesson selected at first (e.g. from a teacher's link); the first lesson otherwise. */
  initialLessonId?: string;
  /** Run B of an open comparison: the check then reads both runs. */
  compareRun?: LessonRun | null;
}

const STATUS_LABEL: Readonly<Record<LessonStatus, string>> = {
  waiting: 'Waiting',
  holds: 'Holds',
  'does-not-hold': 'Does not hold',
};

/**
 * Applies a lesson's preset as one change. Changes to data or architecture rebuild the run in the
 * worker; when the preset only changes live settings (or nothing), the run is reset explicitly,
 * so a loaded lesson always starts from step 0 with its seed.
 */
export function loadLesson(lesson: Lesson): void {
  pressStep(lesson.id, null);
  startFrom(lesson.preset);
}

/** Applies `settings` as one change and makes sure the run starts again from step 0. */
function startFrom(settings: Lesson['preset']): void {
  const before = settingsStore.getState().settings;
  const changed = (Object.keys(settings) as SettingKey[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(settings[key]));
  applySettings(checkPreset(settings));
  if (!changed.some((key) => SETTING_BY_KEY[key].effect !== 'live')) reset();
}

/** What a step's button says. */
function stepButtonLabel(lesson: Lesson, step: TryStep): string | null {
  if (typeof step === 'string') return null;
  if (step.play) return `Play to step ${formatCount(lesson.steps)}`;
  if (step.settings) return `Set ${describeChange(step.settings)} and restart`;
  // "Open the comparison" and "Reveal test" have their buttons right below the steps.
  return null;
}

/**
 * The lesson last chosen in this page: the panel is remounted when the layout changes (a lesson
 * that switches to digits adds panels), and it must come back on the same lesson.
 */
let chosenLessonId: string | null = null;

/**
 * A guided lesson: pick one, load its experiment, try things, and read the live check, which
 * measures the lesson's claim on the current run (also when it does not hold).
 */
export function LessonPanel({ onOpenCompare, initialLessonId, compareRun = null }: LessonPanelProps) {
  const [lessonId, setLessonId] = useState(() => {
    for (const id of [initialLessonId, chosenLessonId]) if (id !== undefined && id !== null && LESSON_BY_ID[id]) return id;
    return LESSONS[0].id;
  });
  const lesson = LESSON_BY_ID[lessonId] ?? LESSONS[0];
  const sweepPreset = lesson.sweep ? SWEEP_PRESETS.find((candidate) => candidate.id === lesson.sweep) : undefined;
  const { check, step } = useLiveLessonCheck(lesson, compareRun);
  const settings = useSettings();
  const pressed = usePressedStep(lesson.id);
  const stepIndex = currentStepIndex(lesson, pressed, settings);
  const expected = stepIndex === 'custom' ? null : expectedStatus(lesson, stepIndex);
  // On the step that is the lesson's control, "does not hold" is what the step teaches.
  const asExpected = expected !== null && check.status === expected;
  const differences = stepIndex === 'custom' ? differencesFromStep(lesson, pressed, settings) : [];
  // While training runs the figures change several times a second: screen readers hear the
  // verdict when the run pauses or stops instead of a stream of numbers.
  const running = useRun((state) => state.phase === 'running');
  const stopped = useRun((state) => state.phase === 'stopped');
  const testFigures = useRun((state) => state.testFigures);
  const task = useRun((state) => state.dataset?.task ?? 'classification');
  const prediction = usePrediction(lesson.id);
  const checkHidden = lesson.predict !== undefined && prediction === null;
  // When early stopping ends the run, the lesson's run has ended: score its kept weights on test.
  useEffect(() => {
    if (stopped && testFigures === null) revealTest();
  }, [stopped, testFigures]);
  const id = useId();
  const selectId = `${id}-select`;
  const checkId = `${id}-check`;
  return (
    <Panel title="Lesson" wide caption="A guided experiment: load it, predict what will happen, run it step by step, and read what the run measured.">
      {() => (
        <div className="lesson-panel">
          <div className="lesson-picker">
            <label htmlFor={selectId}>Choose a lesson</label>
            <select
              id={selectId}
              value={lesson.id}
              onChange={(event) => {
                chosenLessonId = event.target.value;
                clearSeedCheck();
                setLessonId(event.target.value);
              }}
            >
              {LESSONS.map((entry, index) => (
                <option key={entry.id} value={entry.id}>
                  {index + 1}. {entry.title}
                </option>
              ))}
            </select>
            <button type="button" className="primary" onClick={() => loadLesson(lesson)}>
              Load lesson
            </button>
          </div>
          <h3 className="lesson-title">{lesson.title}</h3>
          <p className="lesson-text">{lesson.text}</p>
          <h4>Try this</h4>
          <ol className="lesson-try">
            {lesson.tryThis.map((item, index) => {
              const label = stepButtonLabel(lesson, item);
              const doIt = () => {
                if (typeof item === 'string') return;
                if (item.settings) {
                  pressStep(lesson.id, index);
                  startFrom({ ...lesson.preset, ...stepSettings(item) });
                } else if (item.play) runToStep(lesson.steps);
              };
              return (
                <li key={stepText(item)} aria-current={stepIndex === index ? 'step' : undefined} className={stepIndex === index ? 'current-step' : undefined}>
                  {stepText(item)}
                  {label ? (
                    <>
                      {' '}
                      <button type="button" className="small try-step" onClick={doIt}>
                        {label}
                      </button>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {lesson.contested ? (
            <p className="lesson-contested" role="note" aria-label="Contested">
              <strong>Contested: </strong>
              {lesson.contested}
            </p>
          ) : null}
          <div className="lesson-check-header">
            <h4 id={checkId}>Live check</h4>
            {lesson.compare ? (
              <button type="button" className="small" disabled={!onOpenCompare} onClick={() => onOpenCompare?.(lesson)}>
                Open the comparison{lesson.compareLabel ? ` (${lesson.compareLabel})` : ''}
              </button>
            ) : null}
            {sweepPreset ? (
              // A link: the sweep opens with its preset's settings and spec, and can be shared as is.
              <a className="lesson-sweep-link" href={encodeUrl(presetSettings(sweepPreset, settingsStore.getState().settings), { sweep: sweepPreset.spec })}>
                Open the sweep: {sweepPreset.label}
              </a>
            ) : null}
          </div>
          {lesson.predict ? <PredictThenSee lesson={lesson} check={check} /> : null}
          {checkHidden ? (
            <p className="lesson-check-hidden">The live check appears once you have predicted (or chosen to skip the prediction).</p>
          ) : (
            <div
              role="status"
              aria-label="Live check"
              aria-busy={running}
              className={`lesson-check ${asExpected ? 'expected' : check.status}`}
              data-status={check.status}
              data-expected={asExpected ? 'true' : undefined}
              data-prediction={prediction === SKIPPED ? 'skipped' : undefined}
            >
              <p>
                <span className="lesson-verdict">{asExpected ? `As expected on step ${(stepIndex as number) + 1}` : STATUS_LABEL[check.status]}:</span> {check.headline}
              </p>
              {asExpected ? <p className="lesson-expected-note">This step takes away what the lesson measures, so the claim should not show here: that it does not is the lesson&apos;s point.</p> : null}
              {check.details && check.details.length > 0 ? (
                <ul className="lesson-details">
                  {check.details.map((detail) => (
                    <li key={detail}>{detail}</li>
                  ))}
                </ul>
              ) : null}
              {check.curve ? <LessonCurveChart curve={check.curve} /> : null}
            </div>
          )}
          <div className="lesson-test-actions">
            <button type="button" className="small" onClick={() => revealTest()}>
              Reveal test
            </button>
            <TestFiguresLine figures={testFigures} task={task} />
          </div>
          <SeedCheck lesson={lesson} />
          <p className="lesson-progress">
            Step {formatCount(step)}; on this lesson&apos;s preset the check has decided by {formatCount(lesson.steps)} steps on at least 8 of 10 seeds (npm run lessons:check).
            {stepIndex === 'custom' ? ` Changed from the lesson: ${differences.join('; ')}. Press "Load lesson" to start it again.` : typeof stepIndex === 'number' ? ` You are on step ${stepIndex + 1}.` : ''}
          </p>
        </div>
      )}
    </Panel>
  );
}
