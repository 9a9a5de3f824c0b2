import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DiagnosisPanel } from '../../src/ui/panels/diagnosis/DiagnosisPanel';
import type { Settings } from '../../src/settings/settingsTable';
import { loadIntoStores, runEvents } from './seededRun';

/** Trains a seeded run for `steps` minibatches in the worker's session and renders the panel on it. */
function renderRun(changes: Partial<Settings>, steps: number) {
  const { settings, events } = runEvents(changes, steps > 0 ? [{ train: steps }] : []);
  loadIntoStores(settings, events);
  render(<DiagnosisPanel />);
  return screen.getByRole('region', { name: 'Diagnosis' });
}

function currentRow(region: HTMLElement): HTMLElement {
  const rows = within(region).getAllByRole('row').filter((row) => row.getAttribute('aria-current') === 'true');
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe('Diagnosis panel: each verdict on a seeded run that produces it', () => {
  it('too early to tell: before any epoch, and with few epochs', () => {
    let region = renderRun({ dataset: 'circle', hiddenLayers: [8] }, 0);
    expect(region.querySelector('.verdict-name')).toHaveTextContent('too early to tell');
    expect(within(region).getByText(/Press Play or Step/)).toBeInTheDocument();
    expect(within(region).queryAllByRole('row').some((row) => row.getAttribute('aria-current') === 'true')).toBe(false);
    cleanup();
    // 4 epochs of 200 examples in batches of 16.
    region = renderRun({ dataset: 'circle', hiddenLayers: [8] }, 4 * 13);
    expect(within(region).getByText(/Too early to tell: 4 of 6 epochs/)).toBeInTheDocument();
  });

  it('underfitting: spirals with 2 hidden units (60 epochs)', () => {
    const region = renderRun({ dataset: 'spirals', hiddenLayers: [2] }, 60 * 13);
    expect(region.querySelector('[data-verdict]')).toHaveAttribute('data-verdict', 'underfitting');
    expect(within(currentRow(region)).getByRole('button', { name: 'Underfitting' })).toBeInTheDocument();
    expect(within(region).getByText(/training loss is still \d+% of what a constant guess scores/)).toBeInTheDocument();
    // The rule shown is the verdict's, with the live numbers.
    const rule = within(region).getByRole('group', { name: 'Rule for underfitting' });
    expect(within(rule).getByText(/training loss ≥ 40% of a constant prediction's/)).toBeInTheDocument();
    expect(within(rule).getByText(/of 0\.693; .*\(holds\)/)).toBeInTheDocument();
  });

  it('overfitting: a wide network on 20 noisy moons (150 epochs)', () => {
    const region = renderRun({ dataset: 'moons', hiddenLayers: [32, 32], trainCount: 20, noise: 0.6 }, 150 * 2);
    expect(region.querySelector('[data-verdict]')).toHaveAttribute('data-verdict', 'overfitting');
    expect(within(currentRow(region)).getByText('◀ now')).toBeInTheDocument();
    expect(within(region).getByText(/Overfitting: validation loss rose \d+% after epoch \d+ while training loss kept falling/)).toBeInTheDocument();
    const rule = within(region).getByRole('group', { name: 'Rule for overfitting' });
    expect(within(rule).getAllByText(/\(holds\)/).length).toBeGreaterThanOrEqual(1);
    // The run's live row: training accuracy above validation accuracy.
    const live = within(region).getByRole('rowheader', { name: /This run \(epoch 150\)/ }).closest('tr')!;
    const [train, validation] = within(live).getAllByRole('cell').map((cell) => parseFloat(cell.textContent ?? ''));
    expect(train).toBeGreaterThan(validation);
  });

  it('good fit: a small network on the circle (60 epochs), and the other rows’ rules on hover and tap', async () => {
    const region = renderRun({ dataset: 'circle', hiddenLayers: [8] }, 60 * 13);
    expect(region.querySelector('[data-verdict]')).toHaveAttribute('data-verdict', 'goodFit');
    expect(within(currentRow(region)).getByRole('button', { name: 'Good model' })).toBeInTheDocument();
    expect(within(region).getByRole('group', { name: 'Rule for good fit' })).toBeInTheDocument();
    const user = userEvent.setup();
    // Hover shows a row's rule while the pointer is on it...
    await user.hover(within(region).getByRole('button', { name: 'Overfitting' }));
    expect(within(region).getByRole('group', { name: 'Rule for overfitting' })).toBeInTheDocument();
    await user.unhover(within(region).getByRole('button', { name: 'Overfitting' }));
    // ...and a tap pins it (the keyboard reaches the same buttons).
    await user.click(within(region).getByRole('button', { name: 'Underfitting' }));
    await user.unhover(within(region).getByRole('button', { name: 'Underfitting' }));
    (document.activeElement as HTMLElement).blur();
    expect(within(region).getByRole('group', { name: 'Rule for underfitting' })).toBeInTheDocument();
    expect(within(region).getByRole('button', { name: 'Underfitting' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('regression: R² in the table and the rule, on a straight line through the curve (underfitting)', () => {
    const region = renderRun({ dataset: 'sine', hiddenLayers: [], trainCount: 60 }, 60 * 4);
    expect(region.querySelector('[data-verdict]')).toHaveAttribute('data-verdict', 'underfitting');
    expect(within(region).getByRole('columnheader', { name: 'Training fit' })).toBeInTheDocument();
    expect(within(region).getAllByText(/^R² 0\.\d\d$/).length).toBe(2);
    expect(within(region).getByText(/training R² ≤ 0\.60/)).toBeInTheDocument();
  });
});
