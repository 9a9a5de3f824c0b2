import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine';
import { datasetCsvHeader, datasetFileName, datasetToCsv } from '../../../src/ui/export/datasetCsv';
import { csvCell, csvRow, float32Text, pyFloat } from '../../../src/ui/export/format';
import { regenerateDataset } from '../../../src/ui/export/headlessRun';
import { SMALL, syntheticDigits } from './fixtures';

/** A minimal RFC 4180 reader for the tests (quoted cells, doubled quotes). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

describe('float32Text', () => {
  it('is the shortest text that reads back as the same float32', () => {
    const rng = createStream(11, 'test/float32');
    const values = [0, -0, 1, -1, 0.1, 1 / 3, 1e-7, 3.4e38, 1.4e-45, 123456.789, -2.5e-12];
    for (let i = 0; i < 2000; i++) values.push(rng.normal() * 10 ** Math.round(rng.uniformIn(-8, 8)));
    for (const value of values) {
      const target = Math.fround(value);
      const text = float32Text(value);
      expect(Math.fround(Number(text))).toBe(target === 0 ? 0 : target);
      expect(text.replace(/^-|e.*$|\./g, '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
    expect(float32Text(0.1)).toBe('0.1');
    expect(float32Text(NaN)).toBe('NaN');
    expect(float32Text(-Infinity)).toBe('-Infinity');
    expect(pyFloat(1)).toBe('1.0');
    expect(pyFloat(1e-7)).toBe('1e-7');
  });

  it('quotes CSV cells only when needed', () => {
    expect(csvCell('x')).toBe('x');
    expect(csvCell('pixel 0,1')).toBe('"pixel 0,1"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvRow(['a', 'b,c'])).toBe('a,"b,c"');
  });
});

describe('dataset CSV', () => {
  it('has split, the model inputs by name, then the label; every value reads back exactly', () => {
    const settings = { ...SMALL, dataset: 'circle' as const, featureX2: true, featureXY: true };
    const dataset = regenerateDataset(settings);
    expect(datasetCsvHeader(dataset)).toEqual(['split', ...dataset.featureNames, 'label']);
    expect(dataset.featureNames).toHaveLength(4);
    const lines = datasetToCsv(dataset).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + dataset.train.count + dataset.validation.count + dataset.test.count);
    const rows = lines.slice(1).map(parseCsvLine);
    expect(rows.filter((row) => row[0] === 'train')).toHaveLength(dataset.train.count);
    const heldOutStart = dataset.train.count + dataset.validation.count;
    expect(rows.slice(dataset.train.count, heldOutStart).every((row) => row[0] === 'validation')).toBe(true);
    // The held-out test rows come last, marked "test".
    expect(dataset.test.count).toBeGreaterThan(0);
    expect(rows.slice(heldOutStart).every((row) => row[0] === 'test')).toBe(true);
    rows.slice(heldOutStart).forEach((row, example) => expect(Math.fround(Number(row[1]))).toBe(dataset.test.inputs[example * 4]));
    // The inputs are the standardized, derived ones the trainer consumes.
    rows.slice(0, dataset.train.count).forEach((row, example) => {
      for (let i = 0; i < 4; i++) expect(Math.fround(Number(row[1 + i]))).toBe(dataset.train.inputs[example * 4 + i]);
      expect(row[5]).toBe(String(dataset.train.targets[example]));
      expect(Number.isInteger(Number(row[5]))).toBe(true);
    });
    rows.slice(dataset.train.count, heldOutStart).forEach((row, example) => {
      expect(Math.fround(Number(row[2]))).toBe(dataset.validation.inputs[example * 4 + 1]);
    });
  });

  it('regression sets have target columns', () => {
    const dataset = regenerateDataset({ ...SMALL, dataset: 'sine' });
    expect(datasetCsvHeader(dataset)).toEqual(['split', 'x', 'target']);
    const first = parseCsvLine(datasetToCsv(dataset).split('\n')[1]);
    expect(Math.fround(Number(first[2]))).toBe(dataset.train.targets[0]);
  });

  it('digits: one quoted column per pixel, row by row', () => {
    const dataset = regenerateDataset({ ...SMALL, dataset: 'digits' }, { digits: syntheticDigits() });
    const csv = datasetToCsv(dataset);
    const header = parseCsvLine(csv.split('\n')[0]);
    expect(header).toHaveLength(1 + 196 + 1);
    expect(header[1]).toBe('pixel 0,0');
    expect(header[15]).toBe('pixel 1,0');
    expect(csv.startsWith('split,"pixel 0,0","pixel 0,1"')).toBe(true);
    expect(datasetFileName(dataset, 3)).toBe('digits-seed-3.csv');
  });
});
