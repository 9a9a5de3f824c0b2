import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { LossPanel, chartMarkers, lossChartRows } from '../../src/ui/panels/LossPanel';
import { loadIntoStores, runEvents, stubResizeObserver } from './seededRun';
import type { EarlyStoppingEvent } from '../../src/engine/contract';
import type { Settings } from '../../src/settings/settingsTable';

beforeAll(() => stubResizeObserver());

// 20 noisy moons and a wide network overfit fast; early stopping (patience 3) then stops the run.
const SETTINGS: Partial<Settings> = { dataset: 'moons', trainCount: 20, noise: 0.6, hiddenLayers: [32, 32], batchSize: 10, earlyStopping: true, patience: 3 };

function seededRun() {
  // 4 epochs (2 steps each), L2 on, then train until early stopping stops (well within 400 steps).
  const { settings, events } = runEvents(SETTINGS, [{ train: 8 }, { patch: { l2Enabled: true } }, { train: 400 }]);
  const patched = events.flatMap((event) => (event.type === 'patched' ? [event.entry] : []));
  const stopping = events.flatMap((event) => (event.type === 'earlyStopping' ? [event.event] : []));
  const stopped = stopping.find((event): event is Extract<EarlyStoppingEvent, { type: 'stopped' }> => event.type === 'stopped');
  // Early stopping's latest word on the best epoch (what the store keeps).
  const last = stopping.at(-1)!;
  const bestEpoch = last.type === 'improved' ? last.epoch : last.bestEpoch;
  const epochs = events.flatMap((event) => (event.type === 'metrics' ? event.epochs : []));
  return { settings, events, patched, stopped, bestEpoch, epochs };
}

describe('Loss and accuracy panel on a seeded run', () => {
  it('shows training and validation loss, the gap, the penalty, and accuracy, with legends', () => {
    const { settings, events, epochs } = seededRun();
    loadIntoStores(settings, events);
    const { container } = render(<LossPanel />);
    const region = screen.getByRole('region', { name: 'Loss and accuracy' });
    expect(within(region).getByText(/shaded band is the gap/)).toBeInTheDocument();
    const lossLegend = within(region).getByRole('list', { name: 'Loss chart legend' });
    for (const name of ['training loss', 'validation loss', 'gap (validation − training)', 'penalty (L1/L2 term)']) expect(within(lossLegend).getByText(name)).toBeInTheDocument();
    const metricLegend = within(region).getByRole('list', { name: 'Accuracy chart legend' });
    for (const name of ['training accuracy (%)', 'validation accuracy (%)']) expect(within(metricLegend).getByText(name)).toBeInTheDocument();
    // recharts draws one path per series: loss chart (training, validation, penalty) + accuracy chart (2).
    expect(container.querySelectorAll('.recharts-line-curve').length).toBe(5);
    expect(container.querySelectorAll('.recharts-area-area').length).toBe(1);
    // The latest figures are the last epoch's.
    const latest = epochs.at(-1)!;
    const list = within(region).getByLabelText('Latest epoch');
    expect(within(list).getByText(String(latest.epoch))).toBeInTheDocument();
    expect(within(list).getByText(latest.validationLoss.toPrecision(4))).toBeInTheDocument();
    expect(within(list).getByText(`${((latest.validationAccuracy ?? 0) * 100).toFixed(1)}%`)).toBeInTheDocument();
  });

  it('marks the live change at its run-log epoch, the best epoch and the early stop', () => {
    const { settings, events, patched, stopped, bestEpoch } = seededRun();
    expect(patched).toHaveLength(1);
    expect(patched[0].epoch).toBe(4);
    expect(stopped).toBeDefined();
    loadIntoStores(settings, events);
    const { container } = render(<LossPanel />);
    const markers = screen.getByRole('list', { name: 'Markers on the charts' });
    expect(markers).toHaveAttribute('data-run-log-count', '1');
    const items = within(markers).getAllByRole('listitem');
    const byKind = (kind: string) => items.filter((item) => item.getAttribute('data-kind') === kind);
    expect(byKind('change')).toHaveLength(1);
    expect(byKind('change')[0]).toHaveAttribute('data-epoch', '4');
    expect(byKind('change')[0]).toHaveTextContent('after epoch 4: L2 on');
    expect(byKind('stop')[0]).toHaveAttribute('data-epoch', String(stopped!.epoch));
    expect(byKind('best')).toHaveLength(1);
    expect(byKind('best')[0]).toHaveAttribute('data-epoch', String(bestEpoch));
    // Items are in epoch order.
    const order = items.map((item) => Number(item.getAttribute('data-epoch')));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The same markers are drawn on the loss chart, labelled; nearby ones share one label ("best & stop, epoch 12").
    const labels = Array.from(container.querySelectorAll('text.marker-label')).map((node) => node.textContent ?? '');
    const tags = labels.flatMap((label) => label.split(',')[0].split(' & '));
    expect(tags).toEqual(expect.arrayContaining(['1', 'best', 'stop']));
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('switches the loss axis to a log scale', async () => {
    const { settings, events } = seededRun();
    loadIntoStores(settings, events);
    render(<LossPanel />);
    expect(screen.getByText('Data loss (no penalty)')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('switch', { name: 'Log scale' }));
    expect(screen.getByText('Data loss (no penalty), log scale')).toBeInTheDocument();
  });

  it('shows RMSE instead of accuracy for regression', () => {
    const { settings, events } = runEvents({ dataset: 'sine', trainCount: 20, hiddenLayers: [8], batchSize: 10 }, [{ train: 30 }]);
    loadIntoStores(settings, events);
    render(<LossPanel />);
    expect(screen.getByText('RMSE (root mean squared error)')).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'RMSE chart legend' })).getByText('validation RMSE')).toBeInTheDocument();
  });

  it('has an empty state before the first epoch', () => {
    const { settings, events } = runEvents({}, []);
    loadIntoStores(settings, events);
    render(<LossPanel />);
    expect(screen.getByText(/Press Play or Step/)).toBeInTheDocument();
  });
});

describe('chart data', () => {
  it('drops non-positive values on a log scale and decimates long histories', () => {
    const { epochs } = seededRun();
    expect(epochs.length).toBeGreaterThan(5);
    const rows = lossChartRows(epochs, 'classification', true, 5);
    expect(rows).toHaveLength(5);
    expect(rows.at(-1)!.epoch).toBe(epochs.at(-1)!.epoch);
    expect(rows.every((row) => row.train === null || row.train > 0)).toBe(true);
    expect(rows[0].gap).toEqual([rows[0].train, rows[0].validation]);
  });

  it('numbers the run log, and prefers early stopping’s best epoch to the lowest validation loss', () => {
    const log = [
      { step: 20, epoch: 10, changes: { l2Enabled: true }, label: 'L2 on' },
      { step: 40, epoch: 20, action: 'restoreBest' as const, label: 'Restored the weights of epoch 12' },
    ];
    const markers = chartMarkers(log, [], 12, 15);
    expect(markers.map((marker) => [marker.epoch, marker.kind, marker.tag])).toEqual([
      [10, 'change', '1'],
      [12, 'best', 'best'],
      [20, 'action', '2'],
    ]);
    expect(chartMarkers([], [], null, 15)[0].text).toMatch(/lowest validation loss so far/);
  });
});
