import { render, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeededRun, silenceCanvas } from './panelsAFixture';
import { BatchNormPanel, batchNormSummary, dropoutFeedsBatchNorm } from '../../src/ui/panels/batchnorm/BatchNormPanel';

beforeAll(() => silenceCanvas());

const EPOCH = 13;

describe('Batch normalization statistics panel', () => {
  it('explains that batch normalization is off', () => {
    loadSeededRun({ hiddenLayers: [8, 8] }, EPOCH);
    render(<BatchNormPanel />);
    const region = screen.getByRole('region', { name: 'Batch normalization statistics' });
    expect(region).toHaveTextContent('Batch normalization is off.');
    expect(region.querySelector('canvas')).toBeNull();
  });

  it('lists every batch-norm layer of the run with before/after histograms and running-versus-batch moments', () => {
    const run = loadSeededRun({ hiddenLayers: [8, 6], batchNorm: true }, 2 * EPOCH);
    expect(run.snapshot.batchNorm.map((probe) => probe.layer)).toEqual(['batch norm 1', 'batch norm 2']);
    render(<BatchNormPanel />);
    const region = screen.getByRole('region', { name: 'Batch normalization statistics' });
    const figures = region.querySelectorAll('figure');
    expect(figures).toHaveLength(2);
    run.snapshot.batchNorm.forEach((probe, index) => {
      const figure = figures[index] as HTMLElement;
      expect(within(figure).getByText(probe.layer)).toBeInTheDocument();
      expect(figure).toHaveTextContent(`${probe.batchMean.length} features`);
      expect(within(figure).getByRole('img', { name: batchNormSummary(probe) })).toBeInTheDocument();
      const total = probe.before.counts.reduce((a, b) => a + b, 0);
      expect(within(figure).getByRole('img', { name: new RegExp(`^${probe.layer}, before normalization: ${total} activations`) })).toBeInTheDocument();
      expect(within(figure).getByRole('img', { name: new RegExp(`^${probe.layer}, after \\(γ·x̂ \\+ β\\): ${total} activations`) })).toBeInTheDocument();
    });
    expect(region).not.toHaveTextContent(/variance shift/);
    expect(within(region).getByRole('list', { name: 'Legend' })).toHaveTextContent(/running, used at inference \(hollow\)/);
  });

  it('notes the variance shift when dropout feeds a batch-norm layer', () => {
    const run = loadSeededRun({ hiddenLayers: [8, 8], batchNorm: true, dropoutEnabled: true, dropoutRate: 0.3 }, EPOCH);
    expect(dropoutFeedsBatchNorm(run.snapshot.dropoutMasks, run.snapshot.batchNorm.length)).toBe(true);
    const { unmount } = render(<BatchNormPanel />);
    expect(screen.getByRole('region', { name: 'Batch normalization statistics' })).toHaveTextContent(/variance shift” of Li et al\. \(2019\)/);
    unmount();
    // One hidden layer: its dropout comes after the only batch norm, so no shift.
    const single = loadSeededRun({ hiddenLayers: [8], batchNorm: true, dropoutEnabled: true, dropoutRate: 0.3 }, 2);
    expect(dropoutFeedsBatchNorm(single.snapshot.dropoutMasks, single.snapshot.batchNorm.length)).toBe(false);
  });
});
