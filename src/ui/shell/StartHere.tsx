import { useEffect, useState } from 'react';
import { useRun } from '../../state/runStore';
import { useSetting } from '../../state/settingsStore';
import { safeStorage } from '../startup';

/** localStorage key: set once the student dismisses "Start here"; it is not shown again in this browser. */
export const START_HERE_DISMISSED_KEY = 'regularization-playground:start-here-dismissed';

/** The gap (validation minus training loss, in nats or MSE units) that counts as "grown". */
const GAP_GROWN = 0.15;

function wasDismissed(): boolean {
  return safeStorage()?.getItem(START_HERE_DISMISSED_KEY) === '1';
}

/**
 * Three numbered steps for a first visit, each ticked as the student does it: press Play; watch
 * the gap between the curves grow; switch on L2 or Dropout and watch it close. Dismissible, and
 * remembered as dismissed in this browser.
 */
export function StartHere() {
  const [dismissed, setDismissed] = useState(wasDismissed);
  const epoch = useRun((state) => state.epoch);
  const latest = useRun((state) => state.latest);
  const l2 = useSetting('l2Enabled');
  const dropout = useSetting('dropoutEnabled');
  const [played, setPlayed] = useState(false);
  const [gapGrew, setGapGrew] = useState(false);
  const [switched, setSwitched] = useState(false);
  const gap = latest ? latest.validationLoss - latest.trainLoss : 0;
  // Each step stays ticked once done (a reset does not undo what the student has seen).
  useEffect(() => {
    if (epoch > 0 && !played) setPlayed(true);
  }, [epoch, played]);
  useEffect(() => {
    if (played && gap >= GAP_GROWN && !gapGrew) setGapGrew(true);
  }, [played, gap, gapGrew]);
  useEffect(() => {
    if (played && (l2 || dropout) && !switched) setSwitched(true);
  }, [played, l2, dropout, switched]);
  if (dismissed) return null;
  const steps = [
    { done: played, text: 'Press Play.' },
    { done: gapGrew, text: 'Watch the gap between the curves grow.' },
    { done: switched, text: 'Switch on L2 or Dropout and watch it close.' },
  ];
  return (
    <section className="start-here" aria-labelledby="start-here-title">
      <h2 id="start-here-title">Start here</h2>
      <ol>
        {steps.map((step, index) => (
          <li key={step.text} data-done={step.done}>
            <span className="step-mark" aria-hidden="true">{step.done ? '✓' : index + 1}</span>
            {step.text}
            {step.done ? <span className="visually-hidden"> (done)</span> : null}
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="small"
        onClick={() => {
          safeStorage()?.setItem(START_HERE_DISMISSED_KEY, '1');
          setDismissed(true);
        }}
      >
        {steps.every((step) => step.done) ? 'Done' : 'Hide'}
        <span className="visually-hidden"> Start here</span>
      </button>
    </section>
  );
}
