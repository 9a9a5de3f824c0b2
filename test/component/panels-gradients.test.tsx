import { render, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeededRun, silenceCanvas } from './panelsAFixture';
import { GradientNormsPanel, gradientRows } from '../../src/ui/panels/gradients/GradientNormsPanel';
import { gradientWarnings } from '../../src/ui/panels/gradients/gradientWarnings';
import { formatValue } from '../../src/ui/draw/histogramPixels';

beforeAll(() => silenceCanvas());

const EPOCH = 13;

describe('Gradient norms panel', () => {
  it('charts one series per trainable layer and tabulates the latest gradient norm, update ratio and dead ReLUs', () => {
    const run = loadSeededRun({ hiddenLayers: [8, 8] }, 3 * EPOCH);
    render(<GradientNormsPanel />);
    const region = screen.getByRole('region', { name: 'Gradient norms' });
    const latest = run.epochs[run.epochs.length - 1];
    expect(run.epochs).toHaveLength(3);
    // The legend names every layer's series.
    const legend = region.querySelector('.recharts-legend-wrapper')!;
    expect(Array.from(legend.querySelectorAll('.recharts-legend-item-text')).map((item) => item.textContent)).toEqual(['dense 1', 'dense 2', 'output']);
    expect(within(region).getByRole('img', { name: /^Gradient norm per layer over 3 epochs, log scale\. Epoch 3: dense 1 / })).toBeInTheDocument();
    const rows = within(region).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    latest.layers.forEach((layer, index) => {
      const cells = within(rows[index]).getAllByRole('cell');
      expect(within(rows[index]).getByRole('rowheader')).toHaveTextContent(layer.name);
      expect(cells[0]).toHaveTextContent(formatValue(layer.gradientNorm));
      expect(cells[1]).toHaveTextContent(layer.updateRatio.toExponential(1));
      expect(cells[2]).toHaveTextContent(layer.deadFraction === null ? '–' : `${Math.round(layer.deadFraction * 100)}%`);
    });
    expect(within(region).getByText(/No vanishing or exploding gradients at epoch 3/)).toBeInTheDocument();
    // Chart rows carry each layer's norm per epoch (nulls where the log axis cannot go).
    const data = gradientRows(run.epochs, 3);
    expect(data.map((row) => row.epoch)).toEqual([1, 2, 3]);
    expect(data[2].layer0).toBe(latest.layers[0].gradientNorm);
  });

  it('warns when the first layer’s gradient vanishes (deep sigmoid net, N(0, 0.01²) init)', () => {
    const run = loadSeededRun({ hiddenLayers: [16, 16, 16, 16, 16], activation: 'sigmoid', initializer: 'normal001' }, EPOCH);
    const layers = run.epochs[0].layers;
    expect(layers[0].gradientNorm / layers[layers.length - 1].gradientNorm).toBeLessThan(1e-4);
    render(<GradientNormsPanel />);
    const region = screen.getByRole('region', { name: 'Gradient norms' });
    expect(within(region).getByText(/Vanishing gradients: dense 1's gradient/)).toBeInTheDocument();
  });

  it('states its rules: exploding above 1e3, NaN as divergence, dead ReLUs from half the units', () => {
    const healthy = { name: 'dense 1', gradientNorm: 0.5, deadFraction: 0 };
    expect(gradientWarnings([healthy, { name: 'output', gradientNorm: 1, deadFraction: null }])).toEqual([]);
    expect(gradientWarnings([healthy, { name: 'output', gradientNorm: 2000, deadFraction: null }]).map((w) => w.kind)).toEqual(['exploding']);
    expect(gradientWarnings([{ ...healthy, gradientNorm: NaN }, { name: 'output', gradientNorm: 1, deadFraction: null }]).map((w) => w.kind)).toEqual(['diverged']);
    expect(gradientWarnings([{ ...healthy, gradientNorm: 1e-5 }, { name: 'output', gradientNorm: 1, deadFraction: null }]).map((w) => w.kind)).toEqual(['vanishing']);
    expect(gradientWarnings([{ ...healthy, gradientNorm: 2e-4 }, { name: 'output', gradientNorm: 1, deadFraction: null }])).toEqual([]);
    expect(gradientWarnings([{ ...healthy, deadFraction: 0.6 }, { name: 'output', gradientNorm: 1, deadFraction: null }])[0].message).toMatch(/^60% of dense 1's ReLU units/);
  });

  it('shows an empty state before the first epoch', () => {
    loadSeededRun({ hiddenLayers: [4] }, 2);
    render(<GradientNormsPanel />);
    expect(screen.getByRole('region', { name: 'Gradient norms' })).toHaveTextContent(/appear after the first epoch/);
  });
});

describe('decadeTicks', () => {
  it('covers the values with whole decades, about six at most', async () => {
    const { decadeTicks } = await import('../../src/ui/panels/gradients/GradientNormsPanel');
    expect(decadeTicks([{ epoch: 1, layer0: 0.04, layer1: 2 }], 2)).toEqual([0.01, 0.1, 1, 10]);
    expect(decadeTicks([{ epoch: 1, layer0: 0.5, layer1: null }], 2)).toEqual([0.1, 1]);
    const wide = decadeTicks([{ epoch: 1, layer0: 1e-14, layer1: 1 }], 2);
    expect(wide.length).toBeLessThanOrEqual(8);
    expect(wide[0]).toBeLessThanOrEqual(1e-14);
    expect(wide[wide.length - 1]).toBeGreaterThanOrEqual(1);
  });
});
