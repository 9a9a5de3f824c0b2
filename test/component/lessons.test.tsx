import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EpochMetrics } from '../../src/engine/contract';
import type { Settings } from '../../src/settings/settingsTable';

// No worker in component tests: record what the panel asks the run controller to do, and let
// applySettings change the settings store as the real one does.
const calls: { applied: Partial<Settings>[]; resets: number } = { applied: [], resets: 0 };
vi.mock('../../src/state/runController', async () => {
  const { replaceSettings } = await import('../../src/state/settingsStore');
  return {
    applySettings: (patch: Partial<Settings>) => {
      calls.applied.push(patch);
      replaceSettings(patch);
    },
    reset: () => {
      calls.resets++;
    },
  };
});

const { LessonPanel } = await import('../../src/ui/lessons/LessonPanel');
const { LESSON_BY_ID, lessonSettings } = await import('../../src/ui/lessons/lessons');
const { settingsStore } = await import('../../src/state/settingsStore');
const { DEFAULT_SETTINGS } = await import('../../src/settings/settingsTable');
const { appendEpochs, startRun } = await import('../../src/state/telemetryStore');
const { runStore, INITIAL_RUN_STATE } = await import('../../src/state/runStore');

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
  settingsStore.setState({ settings: { ...DEFAULT_SETTINGS } });
  runStore.setState({ ...INITIAL_RUN_STATE });
  startRun(0);
});

describe('Lesson panel', () => {
  it('offers a lesson picker, a load button and a live check, found by role and name', () => {
    render(<LessonPanel />);
    const region = screen.getByRole('region', { name: 'Lesson' });
    const picker = within(region).getByRole('combobox', { name: 'Lesson' });
    expect(within(picker).getAllByRole('option')).toHaveLength(8);
    expect(within(region).getByRole('button', { name: 'Load lesson' })).toBeEnabled();
    const check = within(region).getByRole('status', { name: 'Live check' });
    expect(check).toHaveTextContent(/^Waiting: Waiting for data: 0 epochs so far/);
    expect(within(region).getByRole('heading', { name: 'Generalization: how much data is enough?' })).toBeInTheDocument();
    expect(within(region).getAllByRole('listitem').length).toBeGreaterThanOrEqual(2);
  });

  it('loads the chosen lesson: applies its preset as one change (a data change rebuilds, so no extra reset)', () => {
    render(<LessonPanel />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Lesson' }), { target: { value: 'gradients' } });
    expect(screen.getByText(/Six sigmoid layers/)).toBeInTheDocument();
    expect(screen.getByText(/differ from the lesson/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Load lesson' }));
    expect(calls.applied).toEqual([LESSON_BY_ID.gradients.preset]);
    expect(calls.resets).toBe(0);
    expect(settingsStore.getState().settings).toEqual(lessonSettings(LESSON_BY_ID.gradients));
    // Loading again changes nothing, so the run is reset explicitly to start over.
    fireEvent.click(screen.getByRole('button', { name: 'Load lesson' }));
    expect(calls.resets).toBe(1);
  });

  it('re-evaluates the live check from the telemetry (throttled) and shows the measured numbers', async () => {
    settingsStore.setState({ settings: lessonSettings(LESSON_BY_ID.gradients) });
    render(<LessonPanel initialLessonId="gradients" />);
    const check = screen.getByRole('status', { name: 'Live check' });
    expect(check).toHaveTextContent(/^Waiting/);
    act(() => appendEpochs(vanishingEpochs(5)));
    await waitFor(() => expect(check).toHaveTextContent(/^Holds: Sigmoid with N\(0, 0\.01²\): the first layer's gradient is 1e-12× the last layer's/));
    expect(check).toHaveAttribute('data-status', 'holds');
    expect(screen.queryByText(/differ from the lesson/)).not.toBeInTheDocument();
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

    settingsStore.setState({ settings: lessonSettings(LESSON_BY_ID['batch-norm']) });
    const reaching = (epoch: number): EpochMetrics[] =>
      vanishingEpochs(60).map((metrics, index) => ({ ...metrics, layers: [], validationLoss: 0.3 + 0.05 * (epoch - 1 - index) }));
    act(() => appendEpochs(reaching(40)));
    rerender(<LessonPanel initialLessonId="batch-norm" onOpenCompare={onOpenCompare} compareRun={{ settings: lessonSettings(LESSON_BY_ID['batch-norm'], 'B'), epochs: reaching(20), parameters: null }} />);
    expect(screen.getByRole('status', { name: 'Live check' })).toHaveTextContent('Holds: Validation loss 0.300 reached with batch norm at epoch 20, without it at epoch 40: 2× faster with batch norm.');
  });

  it('has no comparison button on single-run lessons', () => {
    render(<LessonPanel initialLessonId="fitting" onOpenCompare={() => {}} />);
    expect(screen.queryByRole('button', { name: /Open the comparison/ })).not.toBeInTheDocument();
  });
});
