import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DigitsPanel } from '../../src/ui/panels/digits/DigitsPanel';
import { parseDigitsBinary } from '../../src/data';
import { firstLayerImages, weightFigures } from '../../src/ui/draw/digitsPixels';
import { SPARSITY_THRESHOLD } from '../../src/engine/contract';
import { loadIntoStores, runEvents } from './seededRun';

// Vitest runs from the repository root (jsdom gives import.meta.url a non-file scheme).
const root = process.cwd();

function loadDigits14() {
  const path = join(root, 'public', 'data', 'digits-14.bin');
  if (!existsSync(path)) execFileSync(process.execPath, [join(root, 'scripts', 'build-digits.mjs')], { cwd: root });
  const bytes = readFileSync(path);
  return parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

describe('Digits panel on a seeded digits run', () => {
  const digits = loadDigits14();
  // 500 training digits, 196-16-10, L1 on, 2 epochs of 32 minibatches.
  const { settings, events } = runEvents({ dataset: 'digits', trainCount: 500, hiddenLayers: [16], l1Enabled: true, l1: 0.001 }, [{ train: 64 }], { digits });

  it('marks each sample prediction right or wrong, in words and marks, as the engine predicted', () => {
    const { snapshot } = loadIntoStores(settings, events);
    render(<DigitsPanel />);
    const region = screen.getByRole('region', { name: 'Digits' });
    const dataset = events.find((event) => event.type === 'ready')!;
    if (dataset.type !== 'ready') throw new Error('no ready event');
    const labels = dataset.dataset.sampleLabels!;
    const predictions = snapshot!.samplePredictions!;
    const samples = within(region).getAllByRole('listitem').filter((item) => item.classList.contains('sample'));
    expect(samples).toHaveLength(labels.length);
    let right = 0;
    samples.forEach((item, index) => {
      const isRight = predictions[index] === labels[index];
      if (isRight) right++;
      expect(item).toHaveAttribute('aria-label', `digit ${labels[index]}, predicted ${predictions[index]}: ${isRight ? 'right' : 'wrong'}`);
      // Not by colour alone: a mark and, when wrong, the true digit in brackets and a dashed frame (class).
      expect(item.textContent).toBe(isRight ? `✓ ${predictions[index]}` : `✗ ${predictions[index]} (${labels[index]})`);
      expect(item.classList.contains('wrong')).toBe(!isRight);
    });
    expect(within(region).getByText(`Sample predictions (${right} of ${labels.length} right)`)).toBeInTheDocument();
  });

  it('shows the validation confusion matrix with its accuracy and worst confusion', () => {
    const { snapshot } = loadIntoStores(settings, events);
    render(<DigitsPanel />);
    const table = screen.getByRole('table');
    const confusion = snapshot!.confusion!;
    let total = 0;
    let diagonal = 0;
    for (let actual = 0; actual < 10; actual++) {
      for (let predicted = 0; predicted < 10; predicted++) {
        total += confusion[actual * 10 + predicted];
        if (actual === predicted) diagonal += confusion[actual * 10 + predicted];
      }
    }
    expect(total).toBe(2000);
    const cells = within(table).getAllByRole('cell');
    expect(cells).toHaveLength(100);
    expect(cells.map((cell) => Number(cell.textContent))).toEqual(Array.from(confusion));
    expect(cells.filter((cell) => cell.classList.contains('diagonal'))).toHaveLength(10);
    expect(screen.getByText(`Confusion matrix (validation): ${((diagonal / total) * 100).toFixed(1)}% right`)).toBeInTheDocument();
    expect(screen.getByText(/Most frequent mistake: \d taken for \d \(\d+ times\)\./)).toBeInTheDocument();
  });

  it('draws the first layer as images and prints the engine’s sparsity figure, per unit on hover', () => {
    const { snapshot } = loadIntoStores(settings, events);
    render(<DigitsPanel />);
    const region = screen.getByRole('region', { name: 'Digits' });
    const layer = snapshot!.parameters.find((parameters) => parameters.kind === 'dense')!;
    const figures = weightFigures(firstLayerImages(layer, [14, 14], 32)!);
    // The engine's own figure: share of |w| below the threshold over the whole kernel.
    let zeros = 0;
    for (const value of layer.kernel) if (Math.abs(value) < SPARSITY_THRESHOLD) zeros++;
    expect(figures.sparsity).toBeCloseTo(zeros / layer.kernel.length, 12);
    expect(within(region).getByText(/First-layer weights as images \(16 of 16 units\)/)).toBeInTheDocument();
    const canvas = within(region).getByRole('img', { name: /^First-layer units: / });
    expect(canvas.getAttribute('aria-label')).toContain(`${(figures.sparsity * 100).toFixed(1)}% of weights below ${SPARSITY_THRESHOLD}`);
    expect(within(region).getByText(new RegExp(`All shown: ${(figures.sparsity * 100).toFixed(1)}% of weights below`))).toBeInTheDocument();
  });

  it('is absent for other datasets', () => {
    const other = runEvents({ dataset: 'circle' }, []);
    loadIntoStores(other.settings, other.events);
    const { container } = render(<DigitsPanel />);
    expect(container).toBeEmptyDOMElement();
    // A pointer over nothing changes nothing.
    fireEvent.pointerMove(container);
    expect(screen.queryByRole('region', { name: 'Digits' })).toBeNull();
  });
});
