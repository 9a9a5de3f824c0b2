import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine/rng';
import {
  CSV_LIMITS,
  checkCsvOptions,
  defaultCsvOptions,
  generateDataset,
  parseCsv,
  type CsvOptions,
  type CsvTable,
  type Dataset,
} from '../../../src/data';
import { defaultDataSettings } from '../../../src/settings/translate';

const MB = 1024 * 1024;

/** Parse, then check the label choice (the file's proposed one unless given): the import path of the app. */
function importMessage(input: Uint8Array | string, options?: Partial<CsvOptions>): string | null {
  const parsed = parseCsv(input);
  if (!parsed.ok) return parsed.message;
  const checked = checkCsvOptions(parsed.table, { ...defaultCsvOptions(parsed.table), ...options });
  return checked.ok ? null : checked.message;
}

function table(text: string): CsvTable {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.table;
}

const rowsOf = (count: number, row: (i: number) => string): string => Array.from({ length: count }, (_, i) => row(i)).join('\n');

const BAD_FILES: { name: string; input: Uint8Array | string; options?: Partial<CsvOptions>; message: string }[] = [
  { name: 'empty file', input: '', message: 'The file is empty.' },
  { name: 'only blank lines', input: '  \n\r\n\t\n', message: 'The file is empty.' },
  { name: 'empty bytes', input: new Uint8Array(0), message: 'The file is empty.' },
  {
    name: 'binary (a PNG header)',
    input: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    message: 'This file is not text: choose a CSV file saved as plain text (UTF-8).',
  },
  {
    name: 'not UTF-8 (Latin-1 bytes)',
    input: new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xe9, 0x0a]),
    message: 'This file is not text: choose a CSV file saved as plain text (UTF-8).',
  },
  {
    name: 'control characters',
    input: 'a,b\n' + '\u0001\u0002\u0003,\u0004\n'.repeat(20),
    message: 'This file is not text: choose a CSV file saved as plain text (UTF-8).',
  },
  { name: 'too large', input: new Uint8Array(21 * MB).fill(0x31), message: 'The file is 21 MB; the limit is 20 MB.' },
  {
    name: 'just over the size limit',
    input: new Uint8Array(20 * MB + 1).fill(0x31),
    message: 'The file is 20.1 MB; the limit is 20 MB.',
  },
  {
    name: 'too many rows',
    input: `x,y\n${rowsOf(100_001, (i) => `${i},${i % 2}`)}\n`,
    message: 'The file has more than 100,000 data rows; the limit is 100,000.',
  },
  {
    name: 'too many columns',
    input: `${Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',')}\n${new Array(1001).fill('1').join(',')}\n`,
    message: 'The file has 1,001 columns; the limit is 1,000.',
  },
  { name: 'header only', input: 'x,y,label\n', message: 'The file has a header row but no data rows.' },
  {
    name: 'one column',
    input: 'x\n1\n2\n',
    message: 'The file has only one column: it needs at least one feature column and a label column.',
  },
  { name: 'unnamed column', input: 'x,,label\n1,2,0\n3,4,1\n', message: 'Column 2 has no name in the header row.' },
  {
    name: 'duplicate headers',
    input: 'a,b,a\n1,2,0\n3,4,1\n',
    message: 'The header names the column "a" twice (columns 1 and 3): column names must be unique.',
  },
  { name: 'ragged row (short)', input: 'a,b,c\n1,2,0\n4,5\n6,7,1\n', message: 'Row 3 has 2 values, but the header has 3 columns.' },
  {
    name: 'ragged row (long, after a blank line)',
    input: 'a,b\n1,0\n\n2,1\n3,1,9\n',
    message: 'Row 5 has 3 values, but the header has 2 columns.',
  },
  { name: 'unclosed quote', input: 'a,b\n1,0\n"2,1\n3,0\n', message: 'Row 3 opens a quote (") that is never closed.' },
  { name: 'non-numeric cell', input: 'a,b\n1,2\n3,x\n4,5\n', message: 'Row 3, column "b": "x" is not a number.' },
  {
    name: 'non-numeric cell (decimal comma)',
    input: 'width;height;label\n1.5;2;0\n2,5;3;1\n3;4;1\n',
    message: 'Row 3, column "width": "2,5" is not a number.',
  },
  { name: 'empty cell', input: 'a,b\n1,2\n3,\n4,5\n', message: 'Row 3, column "b" is empty: every cell needs a value.' },
  {
    name: 'NaN',
    input: 'a,b\n1,0\nNaN,1\n2,0\n',
    message: 'Row 3, column "a" holds "NaN": values must be finite numbers (no NaN or Infinity).',
  },
  {
    name: 'Infinity',
    input: 'a,b\n1,0\n2,-Infinity\n3,1\n',
    message: 'Row 3, column "b" holds "-Infinity": values must be finite numbers (no NaN or Infinity).',
  },
  {
    name: 'overflow to Infinity',
    input: 'a,b\n1,0\n2,1\n1e999,1\n',
    message: 'Row 4, column "a" holds "1e999": values must be finite numbers (no NaN or Infinity).',
  },
  {
    name: 'no numeric column',
    input: 'name,colour\nann,red\nbob,blue\n',
    message: 'No column holds numbers: the model needs at least one numeric feature column.',
  },
  {
    name: 'a single class',
    input: 'a,label\n1,yes\n2,yes\n3,yes\n',
    message: 'The label column "label" has a single class ("yes"): classification needs at least two.',
  },
  {
    name: 'a single numeric class',
    input: 'a,b,y\n1,2,1\n2,3,1\n3,4,1\n',
    message: 'The label column "y" has a single class ("1"): classification needs at least two.',
  },
  {
    name: 'too many classes',
    input: `a,label\n${rowsOf(60, (i) => `${i},name${i}`)}\n`,
    message: 'The label column "label" has 60 different values: classification supports at most 50 classes. Choose regression or another column.',
  },
  {
    name: 'no feature besides the label',
    input: 'name,y\nann,1\nbob,2\n',
    message: 'No numeric column is left besides the label column "y": the model needs at least one numeric feature.',
  },
  {
    name: 'text label as regression',
    input: 'a,label\n1,x\n2,y\n',
    options: { task: 'regression' },
    message: 'The label column "label" holds text, so it can only be used for classification.',
  },
  {
    name: 'constant regression target',
    input: 'a,y\n1,2.5\n2,2.5\n3,2.5\n',
    options: { task: 'regression' },
    message: 'The label column "y" has the same value (2.5) in every row: there is nothing to predict.',
  },
  { name: 'unknown label column', input: 'a,y\n1,0\n2,1\n', options: { labelColumn: 'z' }, message: 'There is no column named "z".' },
  { name: 'too few rows', input: 'a,y\n1,0\n', message: 'The file needs at least 2 data rows: one to train on and one to validate.' },
];

describe('bad CSV files', () => {
  const previous: Dataset = generateDataset({ ...defaultDataSettings(), dataset: 'moons' });
  const snapshot = structuredClone(previous);

  it.each(BAD_FILES)('$name gets its exact message and leaves the previous dataset in place', ({ input, options, message }) => {
    // The app's import step: on any message, keep the current dataset.
    let current = previous;
    const result = importMessage(input, options);
    if (result === null) current = generateDataset({ ...defaultDataSettings(), dataset: 'csv' }, { csv: table(String(input)) });
    expect(result).toBe(message);
    expect(current).toBe(previous);
    expect(previous).toEqual(snapshot);
  });

  it('generateDataset throws the same sentence for a label choice that does not work', () => {
    const single = table('a,label\n1,yes\n2,yes\n');
    expect(() => generateDataset({ ...defaultDataSettings(), dataset: 'csv' }, { csv: single })).toThrow(
      'The label column "label" has a single class ("yes"): classification needs at least two.',
    );
    expect(() => generateDataset({ ...defaultDataSettings(), dataset: 'csv' })).toThrow('No CSV file is loaded: choose a file first.');
  });

  it('states the limits it enforces', () => {
    expect(CSV_LIMITS.maxBytes).toBe(20 * MB);
    expect(CSV_LIMITS.maxRows).toBe(100_000);
  });
});

describe('good CSV files', () => {
  it('reads numeric and text columns, proposes the label column and previews the first rows', () => {
    const parsed = table('sepal length,sepal width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n4.9,3.0,setosa\n');
    expect(parsed.headers).toEqual(['sepal length', 'sepal width', 'species']);
    expect(parsed.rows).toBe(4);
    expect(parsed.kinds).toEqual(['numeric', 'numeric', 'text']);
    expect(Array.from(parsed.columns[0])).toEqual([5.1, 7.0, 6.3, 4.9]);
    expect(parsed.categories[2]).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(parsed.columns[2])).toEqual([0, 1, 2, 0]);
    expect(parsed.defaultLabelColumn).toBe('species');
    expect(parsed.preview[1]).toEqual(['7.0', '3.2', 'versicolor']);
  });

  it('handles semicolons, tabs, quotes, CRLF, a byte-order mark and blank lines', () => {
    const semicolons = table('a;b;label\r\n1;2;0\r\n\r\n3;4;1\r\n');
    expect(semicolons.headers).toEqual(['a', 'b', 'label']);
    expect(semicolons.rows).toBe(2);
    const tabs = table('a\tb\tlabel\n1\t2\t0\n3\t4\t1');
    expect(Array.from(tabs.columns[1])).toEqual([2, 4]);
    const quoted = table('"name, full","say ""hi""",y\n"Ann, B","x ""1""",1\n"Bo","y",0\n');
    expect(quoted.headers).toEqual(['name, full', 'say "hi"', 'y']);
    expect(quoted.categories[0]).toEqual(['Ann, B', 'Bo']);
    expect(quoted.categories[1]).toEqual(['x "1"', 'y']);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a,y\n1,0\n2,1\n')]);
    const parsed = parseCsv(bom);
    expect(parsed.ok && parsed.table.headers).toEqual(['a', 'y']);
    const multiline = table('note,y\n"line 1\nline 2",1\n"x",0\n');
    expect(multiline.rows).toBe(2);
    expect(multiline.categories[0]).toEqual(['line 1\nline 2', 'x']);
  });

  it('detects classification or regression, with an override', () => {
    const integers = table('a,y\n1,0\n2,1\n3,2\n4,1\n');
    const plan = checkCsvOptions(integers, defaultCsvOptions(integers));
    expect(plan.ok && plan.plan.task).toBe('classification');
    expect(plan.ok && plan.plan.classNames).toEqual(['0', '1', '2']);
    const forced = checkCsvOptions(integers, { labelColumn: 'y', task: 'regression' });
    expect(forced.ok && forced.plan.task).toBe('regression');
    const floats = table('a,y\n1,0.5\n2,1.25\n3,2\n');
    const regression = checkCsvOptions(floats, defaultCsvOptions(floats));
    expect(regression.ok && regression.plan.task).toBe('regression');
    const asClasses = checkCsvOptions(floats, { labelColumn: 'y', task: 'classification' });
    expect(asClasses.ok && asClasses.plan.classNames).toEqual(['0.5', '1.25', '2']);
    expect(asClasses.ok && Array.from(asClasses.plan.targets)).toEqual([0, 1, 2]);
  });

  it('becomes a dataset: a seeded held-out share of the rows, features standardized on training rows', () => {
    const rows = rowsOf(100, (i) => `${i},${(i * 7) % 13},${i % 3 === 0 ? 'a' : 'b'}`);
    const csv = table(`u,v,label\n${rows}\n`);
    const settings = { ...defaultDataSettings(), dataset: 'csv' as const, validationFraction: 0.3 };
    const dataset = generateDataset(settings, { csv });
    expect(dataset.task).toBe('classification');
    expect(dataset.train.count).toBe(55);
    expect(dataset.validation.count).toBe(30);
    expect(dataset.test.count).toBe(15);
    expect(dataset.inputShape).toEqual([2]);
    expect(dataset.featureNames).toEqual(['u', 'v']);
    expect(dataset.classNames).toEqual(['a', 'b']);
    expect(dataset.previewTable?.columns).toEqual(['u', 'v', 'label']);
    expect(generateDataset(settings, { csv })).toEqual(dataset);
    expect(generateDataset({ ...settings, seed: 5 }, { csv }).validation.inputs).not.toEqual(dataset.validation.inputs);
    // No row is in both splits: the u column is a row id.
    const ids = (inputs: Float32Array, count: number): number[] => {
      const [mean] = dataset.pipeline.mean as number[];
      const [std] = dataset.pipeline.std as number[];
      return Array.from({ length: count }, (_, i) => Math.round(inputs[i * 2] * std + mean));
    };
    const trainIds = new Set(ids(dataset.train.inputs, 55));
    const heldOut = [...ids(dataset.validation.inputs, 30), ...ids(dataset.test.inputs, 15)];
    for (const id of heldOut) expect(trainIds.has(id)).toBe(false);
    expect(new Set(heldOut).size).toBe(45);
    expect(trainIds.size + 45).toBe(100);
  });
});

describe('hostile input (property)', () => {
  function check(input: Uint8Array | string): void {
    const parsed = parseCsv(input);
    expect(typeof parsed.ok).toBe('boolean');
    if (!parsed.ok) {
      expect(parsed.message.length).toBeGreaterThan(0);
      // That prefix means an exception escaped the parser: a bug, whatever the input.
      expect(parsed.message.startsWith('The file could not be read')).toBe(false);
      return;
    }
    const { table: parsedTable } = parsed;
    expect(parsedTable.columns).toHaveLength(parsedTable.headers.length);
    for (const column of parsedTable.columns) expect(column.length).toBe(parsedTable.rows);
    const checked = checkCsvOptions(parsedTable, defaultCsvOptions(parsedTable));
    if (checked.ok) {
      const dataset = generateDataset({ ...defaultDataSettings(), dataset: 'csv' }, { csv: parsedTable });
      for (const value of dataset.train.inputs) expect(Number.isFinite(value)).toBe(true);
    }
  }

  it('never throws on random bytes', () => {
    const rng = createStream(2024, 'test/csv-bytes');
    for (let trial = 0; trial < 300; trial++) {
      const bytes = new Uint8Array(rng.int(300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
      check(bytes);
    }
  });

  it('never throws on random mutations of a valid CSV', () => {
    const rng = createStream(2024, 'test/csv-mutations');
    const valid = 'x,y,label\n1,2,a\n3.5,-4,b\n"5",6e2,a\n7,8,b\n';
    const alphabet = ',;\t"\n\r 0123456789.-+eEabNnIf\u00e9\u{1F600}';
    const symbols = Array.from(alphabet);
    for (let trial = 0; trial < 400; trial++) {
      const chars = Array.from(valid);
      const edits = 1 + rng.int(6);
      for (let e = 0; e < edits; e++) {
        const position = rng.int(chars.length + 1);
        const kind = rng.int(3);
        const symbol = symbols[rng.int(symbols.length)];
        if (kind === 0) chars.splice(position, 0, symbol);
        else if (kind === 1) chars.splice(position, 1);
        else chars[position] = symbol;
      }
      const text = chars.join('');
      check(text);
      check(new TextEncoder().encode(text));
    }
  });
});

describe('column rules', () => {
  it('proposes label, target, class or y as the label column, in that order, else the last column', () => {
    expect(table('x,y,label\n1,2,0\n3,4,1\n').defaultLabelColumn).toBe('label');
    expect(table('Class,a,Target\n1,2,0\n3,4,1\n').defaultLabelColumn).toBe('Target');
    expect(table('a,b,c\n1,2,0\n3,4,1\n').defaultLabelColumn).toBe('c');
  });

  it('treats a half-numeric column as numeric and reports its first text cell', () => {
    expect(importMessage('x,label\n1,a\n3.e,b\n5,a\nz,b\n')).toBe('Row 3, column "x": "3.e" is not a number.');
  });
});
