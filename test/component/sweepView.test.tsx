import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SweepView } from '../../src/ui/sweep/SweepView';
import { sweepStore, INITIAL_SWEEP_STATE } from '../../src/sweep/sweepStore';
import { planSweep } from '../../src/sweep/sweepJobs';
import { runSweepJob } from '../../src/sweep/runSweepJob';
import { DEFAULT_SETTINGS } from '../../src/settings/settingsTable';
import type { SweepSpec } from '../../src/sweep/sweepSpec';
import { stubResizeObserver } from './seededRun';
import { checked } from '../checkedSettings';

beforeAll(() => {
  stubResizeObserver();
  // jsdom has no canvas: the small multiples' pixels are tested in Node (boundaryPixels) and seen in Chromium.
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

/** A real, tiny sweep (3 values x 2 seeds, 3 epochs), trained here in process. */
function finishedSweep(spec: SweepSpec) {
  const plan = planSweep(spec, checked({ ...DEFAULT_SETTINGS, trainCount: 60 }));
  const results = plan.jobs.map((job) => runSweepJob(job, {}));
  sweepStore.setState({ ...INITIAL_SWEEP_STATE, open: true, spec, plan, results, status: 'done', completed: results.length, progress: 1, elapsedMs: 1200, timeLeftMs: 0, workers: 1 });
  return { plan, results };
}

beforeEach(() => sweepStore.setState({ ...INITIAL_SWEEP_STATE }));

describe('Sweep view', () => {
  it('shows the finished sweep: the curve, the boundaries, and every run in "Sweep results" with the best value marked', async () => {
    const { results } = finishedSweep({ axes: [{ parameter: 'l2', from: 0.0001, to: 0.01, count: 3, scale: 'log' }], seeds: 2, epochs: 3 });
    render(<SweepView />);
    expect(screen.getByRole('region', { name: 'Sweep plot' })).toHaveTextContent('Final loss against L2 strength');
    expect(screen.getByText(/^Done: 6 runs in 1 s with 1 worker$/)).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Sweep results' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(6);
    expect(within(table).getAllByText('★ best on validation')).toHaveLength(2);
    // Each value's boundary, seed 1 (three pictures, named by value).
    expect(screen.getAllByRole('img', { name: /^Final prediction with L2 strength/ })).toHaveLength(3);
    // The figures in the table are the runs' own, test figures included (the held-out set picks nothing).
    expect(rows[0]).toHaveTextContent(results[0].final.validationLoss.toPrecision(4));
    expect(results.every((result) => result.final.testLoss !== null)).toBe(true);
    expect(rows[0]).toHaveTextContent(results[0].final.testLoss!.toPrecision(4));
    expect(within(table).getByText(/Test figures are on the held-out test set, which chose nothing/)).toBeInTheDocument();
    // Per-epoch figures inside a run are on a subsample of large sets: the view says so in a sentence.
    expect(screen.getByText(/per-epoch figures are measured on a fixed sample of 1,000 examples when a set is larger/)).toBeInTheDocument();
    // Switching the figure keeps the view; opening a run leaves sweep mode.
    await userEvent.click(screen.getByRole('radio', { name: 'Accuracy' }));
    expect(screen.getByRole('heading', { name: 'Final accuracy against L2 strength' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download sweep CSV' })).toBeEnabled();
    await userEvent.click(within(rows[2]).getByRole('button', { name: /^Open run 0.01, seed 1$/ }));
    expect(sweepStore.getState().open).toBe(false);
  });

  it('shows a grid as a heatmap with numbers in every cell', () => {
    finishedSweep({ axes: [{ parameter: 'l2', from: 0.0001, to: 0.01, count: 2, scale: 'log' }, { parameter: 'dropoutRate', from: 0, to: 0.5, count: 2, scale: 'linear' }], seeds: 1, epochs: 2 });
    render(<SweepView />);
    const heatmap = screen.getByRole('table', { name: 'Sweep heatmap' });
    const cells = within(heatmap).getAllByRole('cell');
    expect(cells).toHaveLength(4);
    for (const cell of cells) expect(cell.textContent).toMatch(/^\d\.\d{3}/);
    expect(within(heatmap).getByText(/★ best/)).toBeInTheDocument();
  });

  it('refuses bad form values with a sentence and keeps a runnable spec', async () => {
    render(<SweepView />);
    const from = screen.getAllByLabelText('From')[0];
    await userEvent.clear(from);
    await userEvent.type(from, '-5');
    await userEvent.tab();
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent(/L2 strength start must be from/);
    expect(sweepStore.getState().spec.axes[0].from).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: /^Run sweep \(10 runs\)$/ })).toBeEnabled();
  });
});
