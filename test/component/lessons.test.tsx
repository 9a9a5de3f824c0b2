import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EpochMetrics } from '../../src/engine/contract';
import type { Settings } from '../../src/settings/settingsTable';
import { checked, checkedPatch } from '../checkedSettings';

// No worker in component tests: record what the panel asks the run controller to do, and let
// applySettings change the settings store as the real one does.
const calls: { applied: Partial<Settings>[]; resets: number; reveals: number; runTo: number[] } = { applied: [], resets: 0, reveals: 0, runTo: [] };
vi.mock('../../src/state/runController', async () => {
  const { replaceSettings } = await import('../../src/state/settingsStore');
  return {
    applySettings: (patch: Partial<Settings>) => {
      calls.applied.push(patch);
      replaceSettings(checkedPatch(patch));
    },
    reset: () => {
      calls.resets++;
    },
    revealTest: () => {
      calls.reveals++;
    },
    runToStep: (target: number) => {
      calls.runTo.push(target);
    },
  };
});

const { LessonPanel } = await import('../../src/ui/lessons/LessonPanel');
const { LESSON_BY_ID, lessonSettings } = await import('../../src/ui/lessons/lessons');
const { settingsStore } = await import('../../src/state/settingsStore');
const { DEFAULT_SETTINGS } = await import('../../src/settings/settingsTable');
const { appendEpochs, startRun } = await import('../../src/state/telemetryStore');
const { runStore, INITIAL_RUN_STATE } = await import('../../src/state/runStore');
const { predictionStore, SKIPPED } = await import('../../src/ui/lessons/predictions');
const { LESSONS } = await import('../../src/ui/lessons/lessons');

/** Epochs of a deep sigmoid net whose first-layer gradient is 1e-12 of the output layer's. */
function vanishingEpochs(count: number): EpochMetrics[] {
  return Array.from({ length: count }, (_, index) => ({
    epoch: index + 1,
    step: (index + 1) * 13,
    trainLossTrainingMode: 0.69,
    trainLoss: 0.69,
    validationLoss: 0.69,
    penalty: 0,
    trainAccuracy: 0.5,
    validationAccuracy: 0.5,
    trainRmse: null,
    validationRmse: null,
    layers: [
      { name: 'dense 1', weightL1: 1, weightL2: 1, sparsity: 0, gradientNorm: 1e-13, updateRatio: 0, deadFraction: null },
      { name: 'output', weightL1: 1, weightL2: 1, sparsity: 0, gradientNorm: 0.1, updateRatio: 0, deadFraction: null },
    ],
  }));
}

beforeEach(() => {
  calls.applied = [];
  calls.resets = 0;
  calls.reveals = 0;
  calls.runTo = [];
  // Most tests read the live check directly: the student skipped the prediction.
  predictionStore.setState({ answers: Object.fromEntries(LESSONS.map((lesson) => [lesson.id, SKIPPED])) });
  settingsStore.setState({ settings: checked({ ...DEFAULT_SETTINGS }) });
  runStore.setState({ ...INITIAL_RUN_STATE });
  startRun(0);
});

describe('Lesson panel', () => {
  it('offers a lesson picker, a load button and a live check, found by role and name', () => {
    render(<LessonPanel />);
    const region = screen.getByRole('region', { name: 'Lesson' });
    const picker = within(region).getByRole('combobox', { name: 'Choose a lesson' });
    expect(within(picker).getAllByRole('option')).toHaveLength(8);
    expect(within(region).getByRole('button', { name: 'Load lesson' })).toBeEnabled();
    const check = within(region).getByRole('status', { name: 'Live check' });
    expect(check).toHaveTextContent(/^Waiting: Waiting for data: 0 epochs so far/);
    expect(within(region).getByRole('heading', { name: 'Generalization: how much data is enough?' })).toBeInTheDocument();
    expect(within(region).getAllByRole('listitem').length).toBeGreaterThanOrEqual(2);
  });

  it('loads the chosen lesson: applies its preset as one change (a data change rebuilds, so no extra reset)', () => {
    render(<LessonPanel />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Choose a lesson' }), { target: { value: 'gradients' } });
    expect(screen.getByText(/Six sigmoid layers/)).toBeInTheDocument();
    expect(screen.getByText(/Changed from the lesson: .*Activation ReLU \(the lesson sets Sigmoid\)/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Load lesson' }));
    expect(calls.applied).toEqual([LESSON_BY_ID.gradients.preset]);
    expect(calls.resets).toBe(0);
    expect(settingsStore.getState().settings).toEqual(lessonSettings(LESSON_BY_ID.gradients));
    // Loading again changes nothing, so the run is reset explicitly to start over.
    fireEvent.click(screen.getByRole('button', { name: 'Load lesson' }));
    expect(calls.resets).toBe(1);
  });

  it('re-evaluates the live check from the telemetry (throttled) and shows the measured numbers', async () => {
    settingsStore.setState({ settings: checked(lessonSettings(LESSON_BY_ID.gradients)) });
    render(<LessonPanel initialLessonId="gradients" />);
    const check = screen.getByRole('status', { name: 'Live check' });
    expect(check).toHaveTextContent(/^Waiting/);
    act(() => appendEpochs(vanishingEpochs(5)));
    await waitFor(() => expect(check).toHaveTextContent(/^Holds: Sigmoid with N\(0, 0\.01²\): the first layer's gradient is 1e-12× the last layer's/));
    expect(check).toHaveAttribute('data-status', 'holds');
    expect(screen.queryByText(/Changed from the lesson/)).not.toBeInTheDocument();
  });

  it('stays quiet for screen readers while training runs', () => {
    runStore.setState({ phase: 'running' });
    render(<LessonPanel />);
    expect(screen.getByRole('status', { name: 'Live check' })).toHaveAttribute('aria-busy', 'true');
  });

  it('offers the comparison on lessons that declare one, and reads run B when given', () => {
    const onOpenCompare = vi.fn();
    const { rerender } = render(<LessonPanel initialLessonId="batch-norm" onOpenCompare={onOpenCompare} />);
    expect(screen.getByRole('note', { name: 'Contested' })).toHaveTextContent(/Santurkar/);
    fireEvent.click(screen.getByRole('button', { name: 'Open the comparison (+ batch norm)' }));
    expect(onOpenCompare).toHaveBeenCalledWith(LESSON_BY_ID['batch-norm']);

    settingsStore.setState({ settings: checked(lessonSettings(LESSON_BY_ID['batch-norm'])) });
    const reaching = (epoch: number): EpochMetrics[] =>
      vanishingEpochs(60).map((metrics, index) => ({ ...metrics, layers: [], validationLoss: 0.3 + 0.05 * (epoch - 1 - index) }));
    act(() => appendEpochs(reaching(40)));
    rerender(<LessonPanel initialLessonId="batch-norm" onOpenCompare={onOpenCompare} compareRun={{ settings: lessonSettings(LESSON_BY_ID['batch-norm'], 'B'), epochs: reaching(20), parameters: null }} />);
    const check = screen.getByRole('status', { name: 'Live check' });
    expect(check).toHaveTextContent(/^Holds: With batch norm the run was faster to 0\.600, 0\.500, 0\.400, 0\.300, 0\.200, 0\.100/);
    // The speed-up curve over the targets, with every point in its accessible name.
    expect(within(check).getByRole('img', { name: /^Speed-up with batch norm .*: 0\.600: 2\.3×, .*0\.300: 2×/ })).toBeInTheDocument();
  });

  it('asks for a prediction before showing the check, records it, and says whether it matched', async () => {
    predictionStore.setState({ answers: {} });
    settingsStore.setState({ settings: checked(lessonSettings(LESSON_BY_ID.gradients)) });
    render(<LessonPanel initialLessonId="gradients" />);
    expect(screen.queryByRole('status', { name: 'Live check' })).not.toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Predict, then see' });
    const lock = within(form).getByRole('button', { name: 'Lock in my prediction' });
    expect(lock).toBeDisabled();
    fireEvent.click(within(form).getByRole('radio', { name: 'Yes: the first fails, the second learns' }));
    fireEvent.click(lock);
    expect(predictionStore.getState().answers.gradients).toBe('holds');
    const feedback = screen.getByRole('status', { name: 'Prediction feedback' });
    expect(feedback).toHaveTextContent(/^Your prediction: Yes: the first fails, the second learns\. The check has not decided yet/);
    act(() => appendEpochs(vanishingEpochs(5)));
    await waitFor(() => expect(feedback).toHaveTextContent(/It matched: the run measured "Yes: the first fails, the second learns"\. Sigmoid with N\(0, 0\.01²\)/));
    expect(feedback).toHaveAttribute('data-matched', 'true');
    expect(screen.getByRole('status', { name: 'Live check' })).toHaveAttribute('data-status', 'holds');
  });

  it('reveals the held-out test set only when asked, and shows its figures', () => {
    render(<LessonPanel initialLessonId="dropout" />);
    expect(screen.getByRole('status', { name: 'Test figures' })).toHaveTextContent('The held-out test set is untouched');
    fireEvent.click(screen.getByRole('button', { name: 'Reveal test' }));
    expect(calls.reveals).toBe(1);
    act(() => runStore.setState({ testFigures: { loss: 0.36, accuracy: 0.91, rmse: null, count: 2000, step: 640, epoch: 40 } }));
    expect(screen.getByRole('status', { name: 'Test figures' })).toHaveTextContent('Held-out test set (2,000 examples), the weights at step 640: test loss 0.360, accuracy 91.0%.');
  });

  it('has no comparison button on single-run lessons', () => {
    render(<LessonPanel initialLessonId="fitting" onOpenCompare={() => {}} />);
    expect(screen.queryByRole('button', { name: /Open the comparison/ })).not.toBeInTheDocument();
  });

  it('turns steps into buttons: play to the decisive step, and set up a step from the preset', () => {
    settingsStore.setState({ settings: checked(lessonSettings(LESSON_BY_ID.generalization)) });
    render(<LessonPanel initialLessonId="generalization" />);
    fireEvent.click(screen.getByRole('button', { name: 'Play to step 1,000' }));
    expect(calls.runTo).toEqual([1000]);
    fireEvent.click(screen.getByRole('button', { name: 'Set Training examples 500 and restart' }));
    expect(calls.applied.at(-1)).toEqual({ ...LESSON_BY_ID.generalization.preset, trainCount: 500 });
    expect(settingsStore.getState().settings.trainCount).toBe(500);
    expect(screen.getByText(/You are on step 2\./)).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')[1]).toHaveAttribute('aria-current', 'step');
  });

  it('on the step that takes the effect away, "does not hold" is reported as the expected result', async () => {
    settingsStore.setState({ settings: checked(lessonSettings(LESSON_BY_ID.gradients)) });
    render(<LessonPanel initialLessonId="gradients" />);
    // Step 2 of the gradients lesson is ReLU with He initialization: healthy gradients, the claim (vanishing) should not show.
    fireEvent.click(screen.getByRole('button', { name: /^Set Activation ReLU; Initializer He normal/ }));
    const healthy = vanishingEpochs(5).map((epoch) => ({ ...epoch, layers: epoch.layers.map((layer) => ({ ...layer, gradientNorm: 0.05 })) }));
    act(() => appendEpochs(healthy));
    const check = screen.getByRole('status', { name: 'Live check' });
    await waitFor(() => expect(check).toHaveAttribute('data-status', 'does-not-hold'));
    expect(check).toHaveAttribute('data-expected', 'true');
    expect(check).toHaveTextContent(/^As expected on step 2:/);
  });
});
