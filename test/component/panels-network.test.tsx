import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clearMatchMedia, fakeMatchMedia, loadSeededRun, silenceCanvas } from './panelsAFixture';

// The worker is not running in component tests: answer activation requests with a fixed field.
const activationRequests: [number, number][] = [];
vi.mock('../../src/state/runController', () => ({
  requestUnitActivation: (layer: number, unit: number, onValues: (values: Float32Array, size: number) => void) => {
    activationRequests.push([layer, unit]);
    onValues(Float32Array.from([0, 1, 2, 3]), 2);
  },
}));

const { NetworkPanel } = await import('../../src/ui/panels/network/NetworkPanel');
const { formatValue } = await import('../../src/ui/draw/histogramPixels');
const { adoptMasks, emptyMasks, MASK_INTERVAL_MS } = await import('../../src/ui/panels/network/networkModel');
const { describeNetwork } = await import('../../src/ui/draw/networkLayout');

beforeAll(() => silenceCanvas());
afterEach(() => clearMatchMedia());

/** Steps of one epoch of the default set (200 training examples, batch 16). */
const EPOCH = 13;

describe('Network panel', () => {
  it('draws the layers of the seeded run as columns, names the inputs and classes, and caps units at 16', () => {
    loadSeededRun({ hiddenLayers: [32, 5] }, EPOCH);
    render(<NetworkPanel />);
    const region = screen.getByRole('region', { name: 'Network' });
    expect(within(region).getByText(/Each column is a layer/)).toBeInTheDocument();
    const picture = within(region).getByRole('img', { name: /^Network: inputs/ });
    expect(picture.tagName).toBe('CANVAS');
    expect(picture.getAttribute('aria-label')).toMatch(/inputs \(2 units: x, y\) → dense 1 \(32 units\) → dense 2 \(5 units\) → output \(2 units: /);
    expect(within(region).getByText('+16 more')).toBeInTheDocument();
    // Focusable units: 2 inputs + 16 shown + 5 + 2 outputs, with one tab stop.
    const units = within(region).getAllByRole('button', { name: /^(inputs|dense \d|output), / });
    expect(units).toHaveLength(2 + 16 + 5 + 2);
    expect(units.filter((unit) => unit.tabIndex === 0)).toHaveLength(1);
    expect(within(region).getByRole('list', { name: 'Legend' })).toHaveTextContent(/positive weight/);
  });

  it('reads a unit’s bias and strongest weights on focus, moves with arrow keys and shows its activation over the plane', () => {
    const run = loadSeededRun({ hiddenLayers: [8, 8] }, EPOCH);
    render(<NetworkPanel />);
    const region = screen.getByRole('region', { name: 'Network' });
    const first = within(region).getByRole('button', { name: 'dense 1, unit 1' });
    act(() => first.focus());
    const bias = run.snapshot.parameters.find((layer) => layer.name === 'dense 1')!.bias[0];
    const readout = region.querySelector('.net-readout')!;
    expect(readout.textContent).toMatch(new RegExp(`^dense 1, unit 1 · bias ${bias >= 0 ? '\\+' : ''}${formatValue(bias)} · `));
    expect(readout.textContent).toMatch(/strongest incoming: [xy] [+−]/);
    expect(activationRequests.at(-1)).toEqual([0, 0]);
    expect(within(region).getByRole('img', { name: /^Activation of dense 1, unit 1 over the plane, from 0 to 3/ })).toBeInTheDocument();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(within(region).getByRole('button', { name: 'dense 1, unit 2' })).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toHaveAccessibleName(/^dense 2, unit /);
  });

  it('marks batch-normalized layers', () => {
    loadSeededRun({ hiddenLayers: [8, 8], batchNorm: true }, EPOCH);
    render(<NetworkPanel />);
    const region = screen.getByRole('region', { name: 'Network' });
    expect(within(region).getAllByText('BN')).toHaveLength(2);
    expect(within(region).getByRole('group', { name: 'dense 1: 8 units, batch-normalized' })).toBeInTheDocument();
    expect(within(region).getByRole('img', { name: /dense 1 \(8 units; batch norm\)/ })).toBeInTheDocument();
  });

  it('crosses out the units the engine dropped for the first example of the minibatch, or shows keep rates with reduced motion', () => {
    const run = loadSeededRun({ hiddenLayers: [8, 8], dropoutEnabled: true, dropoutRate: 0.5 }, EPOCH);
    const mask = run.snapshot.dropoutMasks.find((probe) => probe.layer === 'dense 1')!;
    let dropped = 0;
    for (let unit = 0; unit < mask.units; unit++) if (!mask.kept[unit]) dropped++;
    const { unmount } = render(<NetworkPanel />);
    const region = screen.getByRole('region', { name: 'Network' });
    expect(within(region).getAllByText('drop 0.5')).toHaveLength(2);
    expect(within(region).getByRole('img', { name: new RegExp(`dense 1: ${dropped} of 8 units dropped for the shown example`) })).toBeInTheDocument();
    expect(within(region).getByText(/dropped for training example 1 of the current minibatch/)).toBeInTheDocument();
    unmount();

    fakeMatchMedia(['(prefers-reduced-motion: reduce)']);
    render(<NetworkPanel />);
    const calm = screen.getByRole('region', { name: 'Network' });
    let sum = 0;
    for (const rate of mask.keepRate) sum += rate;
    expect(within(calm).getByRole('img', { name: new RegExp(`dense 1: mean keep rate ${(sum / mask.units).toFixed(2)}`) })).toBeInTheDocument();
    expect(within(calm).getByText(/unit filled to its keep rate/)).toBeInTheDocument();
  });

  it('changes the shown mask at most 3 times a second however fast snapshots come', () => {
    const run = loadSeededRun({ hiddenLayers: [8, 8], dropoutEnabled: true }, 3);
    const description = describeNetwork(run.snapshot.parameters, run.info)!;
    let shown = emptyMasks();
    const changes: number[] = [];
    let wake = Infinity;
    // 60 snapshots a second for 3 seconds, each with a new id (a new minibatch mask).
    for (let frame = 0; frame < 180; frame++) {
      const now = frame * (1000 / 60);
      const { masks, waitMs } = adoptMasks(shown, { ...run.snapshot, id: frame + 1 }, description, now);
      if (masks !== shown) changes.push(now);
      shown = masks;
      wake = waitMs > 0 ? now + waitMs : Infinity;
    }
    expect(MASK_INTERVAL_MS).toBeGreaterThanOrEqual(1000 / 3);
    for (let index = 1; index < changes.length; index++) expect(changes[index] - changes[index - 1]).toBeGreaterThanOrEqual(MASK_INTERVAL_MS);
    expect(changes.length).toBeLessThanOrEqual(9 + 1);
    expect(changes.length).toBeGreaterThanOrEqual(7);
    // A held-back mask names when it may show.
    expect(wake).toBeLessThan(Infinity);
    expect(shown.kept[1]).toEqual(run.snapshot.dropoutMasks.find((mask) => mask.layer === 'dense 1')!.kept.slice(0, 8));
  });

  it('collapses to nothing', () => {
    loadSeededRun({ hiddenLayers: [4] }, 2);
    render(<NetworkPanel />);
    const region = screen.getByRole('region', { name: 'Network' });
    fireEvent.click(within(region).getByRole('button', { name: /Hide/ }));
    expect(region.querySelector('canvas')).toBeNull();
  });
});
