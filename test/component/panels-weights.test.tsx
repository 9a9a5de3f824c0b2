import { act, render, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeededRun, silenceCanvas } from './panelsAFixture';
import { WeightHistogramsPanel } from '../../src/ui/panels/weights/WeightHistogramsPanel';
import { formatSparsity, kernelNorms, layerSummary } from '../../src/ui/panels/weights/weightFigures';
import { formatValue } from '../../src/ui/draw/histogramPixels';
import { replayRun } from '../../src/worker/replay';
import { setSnapshot } from '../../src/state/telemetryStore';

beforeAll(() => silenceCanvas());

/** Steps of the default set's epochs (200 training examples, batch 16: 13 steps each). */
const EPOCH = 13;

describe('Weight histograms panel', () => {
  it('prints, per layer, the engine’s sparsity and the epoch’s L1 and L2 norms, with a ridgeline canvas and its summary', () => {
    const run = loadSeededRun({ hiddenLayers: [8, 8], optimizer: 'sgd', learningRate: 0.1, l1Enabled: true, l1: 0.05, l1Proximal: true }, 4 * EPOCH);
    render(<WeightHistogramsPanel />);
    const region = screen.getByRole('region', { name: 'Weight histograms' });
    const latest = run.epochs[run.epochs.length - 1];
    expect(run.snapshot.weightHistograms.map((probe) => probe.layer)).toEqual(['dense 1', 'dense 2', 'output']);
    const figures = region.querySelectorAll('figure');
    expect(figures).toHaveLength(3);
    run.snapshot.weightHistograms.forEach((probe, index) => {
      const figure = figures[index] as HTMLElement;
      expect(within(figure).getByText(probe.layer)).toBeInTheDocument();
      // The figure printed is the engine's sparsity, with its threshold.
      expect(figure.querySelector('[data-figure="sparsity"]')!.textContent).toBe(formatSparsity(probe.sparsity));
      expect(figure.textContent).toContain('|w| < 0.001');
      // At an epoch's end the kernel norms equal the epoch's metrics.
      expect(figure.querySelector('[data-figure="l1"]')!.textContent).toBe(formatValue(latest.layers[index].weightL1));
      expect(figure.querySelector('[data-figure="l2"]')!.textContent).toBe(formatValue(latest.layers[index].weightL2));
      const canvas = within(figure).getByRole('img');
      expect(canvas.tagName).toBe('CANVAS');
      expect(canvas.getAttribute('aria-label')).toMatch(new RegExp(`^${probe.layer}: ${formatSparsity(probe.sparsity).replace('.', '\\.')} of weights below 1e-3`));
    });
    // Proximal L1 makes exact zeros: some layer is measurably sparse.
    expect(Math.max(...run.snapshot.weightHistograms.map((probe) => probe.sparsity))).toBeGreaterThan(0.05);
    expect(within(region).getByRole('list', { name: 'Legend' })).toHaveTextContent(/step 52, when this panel opened \(dashed\)/);
  });

  it('says what the L1 spike and the L2 shrinking look like, in numbers a screen reader gets', () => {
    const run = loadSeededRun({ hiddenLayers: [8], l2Enabled: true, l2: 0.05 }, 3 * EPOCH);
    const probe = run.snapshot.weightHistograms[0];
    const kernel = run.snapshot.parameters[0].kernel;
    const initial = kernelNorms(run.trainer.initialParameters()[0].kernel);
    const now = kernelNorms(kernel);
    expect(now.l2).toBeLessThan(initial.l2);
    const summary = layerSummary('dense 1', probe.sparsity, now, initial, probe.histogram);
    expect(summary).toContain(`L2 norm ${formatValue(now.l2)} (${formatValue(initial.l2)} at step 0)`);
    expect(summary).toMatch(/% of weights in the bin around 0; bins from −/);
  });

  it('keeps the start of the run as the reference after training moves on', async () => {
    const start = loadSeededRun({ hiddenLayers: [8] }, 0);
    render(<WeightHistogramsPanel />);
    const region = screen.getByRole('region', { name: 'Weight histograms' });
    const later = replayRun(start.settings, {}, [], 3 * EPOCH).trainer;
    act(() => setSnapshot({ ...start.snapshot, id: 2, step: 3 * EPOCH, weightHistograms: later.weightHistograms(), parameters: later.parameters() }));
    const initial = kernelNorms(start.snapshot.parameters[0].kernel);
    const now = kernelNorms(later.parameters()[0].kernel);
    await waitFor(() => expect(region.querySelector('[data-figure="l2"]')!.textContent).toBe(formatValue(now.l2)));
    expect(region.querySelector('[data-figure="l2"]')!.nextElementSibling!.textContent).toBe(` (step 0: ${formatValue(initial.l2)})`);
    expect(within(region).getByRole('list', { name: 'Legend' })).toHaveTextContent(/start of training \(dashed\)/);
  });

  it('shows an empty state before the first snapshot', async () => {
    const { telemetryStore } = await import('../../src/state/telemetryStore');
    telemetryStore.setState({ snapshot: null });
    render(<WeightHistogramsPanel />);
    expect(screen.getByRole('region', { name: 'Weight histograms' })).toHaveTextContent(/Waiting for the first snapshot/);
  });
});
