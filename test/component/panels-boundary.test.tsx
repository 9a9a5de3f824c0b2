import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BoundaryPanel } from '../../src/ui/panels/BoundaryPanel';
import type { Settings } from '../../src/settings/settingsTable';
import { loadIntoStores, runEvents } from './seededRun';

function renderRun(changes: Partial<Settings>, steps: number) {
  const { settings, events } = runEvents(changes, steps > 0 ? [{ train: steps }] : []);
  const { snapshot } = loadIntoStores(settings, events);
  const view = render(<BoundaryPanel />);
  return { ...view, snapshot };
}

/** jsdom has no layout: give the canvas a 360 px box so pointer positions map to pixels. */
function layOut(canvas: HTMLElement, size = 360) {
  canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: size, height: size, right: size, bottom: size, x: 0, y: 0, toJSON: () => ({}) });
}

describe('Decision boundary panel on seeded runs', () => {
  it('2D classification: a labelled canvas with a text summary, a legend by class, and the toggles', () => {
    const { snapshot } = renderRun({ dataset: 'spirals', trainCount: 100, hiddenLayers: [8, 8] }, 50);
    expect(snapshot?.grid?.kind).toBe('classes2d');
    const region = screen.getByRole('region', { name: 'Decision boundary' });
    expect(within(region).getByText(/always in inference mode/)).toBeInTheDocument();
    const canvas = within(region).getByRole('img');
    expect(canvas.getAttribute('aria-label')).toMatch(/^Decision boundary\. The network predicts class 0 on \d+%, class 1 on \d+% of the plane; .* 100 training points \(filled\) and 100 validation points \(hollow\)\.$/);
    expect(within(region).getByText('training (filled)')).toBeInTheDocument();
    expect(within(region).getByText('validation (hollow)')).toBeInTheDocument();
    expect(within(region).getByText('class 0')).toBeInTheDocument();
    expect(within(region).getByRole('switch', { name: 'Discretize' })).not.toBeChecked();
    expect(within(region).getByRole('switch', { name: 'Validation points' })).toBeChecked();
  });

  it('reads the prediction under the pointer, and keeps it on a tap', async () => {
    renderRun({ dataset: 'circle', hiddenLayers: [8] }, 100);
    const region = screen.getByRole('region', { name: 'Decision boundary' });
    const canvas = within(region).getByRole('img');
    layOut(canvas);
    expect(within(region).getByText(/Hover over the picture, or tap it/)).toBeInTheDocument();
    fireEvent.pointerMove(canvas, { clientX: 180, clientY: 180, pointerType: 'mouse' });
    expect(within(region).getByText(/^\(-?0\.\d\d, -?0\.\d\d\): predicts class [01] \(class 0 \d+%, class 1 \d+%\)$/)).toBeInTheDocument();
    fireEvent.pointerLeave(canvas);
    expect(within(region).getByText(/Hover over the picture/)).toBeInTheDocument();
    // A tap (no hover on touch screens) pins the readout.
    await userEvent.pointer({ keys: '[MouseLeft]', target: canvas, coords: { clientX: 20, clientY: 20 } });
    expect(within(region).getByText(/predicts class/)).toBeInTheDocument();
  });

  it('1D regression: the fitted curve, titled so', () => {
    const { snapshot } = renderRun({ dataset: 'sine', trainCount: 20, hiddenLayers: [16] }, 40);
    expect(snapshot?.grid?.kind).toBe('curve1d');
    const region = screen.getByRole('region', { name: 'Fitted curve' });
    expect(within(region).getByRole('img').getAttribute('aria-label')).toMatch(/The fitted curve spans y from -?\d\.\d\d to -?\d\.\d\d and turns \d+ times? over 20 training points/);
    expect(within(region).queryByRole('switch', { name: 'Discretize' })).toBeNull();
  });

  it('2D regression: the predicted surface', () => {
    renderRun({ dataset: 'bumps', hiddenLayers: [8] }, 20);
    const region = screen.getByRole('region', { name: 'Predicted surface' });
    expect(within(region).getByRole('img').getAttribute('aria-label')).toMatch(/Predicted values over the plane range from/);
  });

  it('says so when the dataset has no plane', () => {
    renderRun({ dataset: 'features' }, 0);
    const region = screen.getByRole('region', { name: 'Decision boundary' });
    expect(within(region).getByText(/no plane to draw/)).toBeInTheDocument();
  });

  it('a collapsed panel has no canvas (no drawing work)', async () => {
    renderRun({ dataset: 'circle', hiddenLayers: [8] }, 10);
    const region = screen.getByRole('region', { name: 'Decision boundary' });
    await userEvent.click(within(region).getByRole('button', { name: /Hide/ }));
    expect(region.querySelector('canvas')).toBeNull();
  });
});
