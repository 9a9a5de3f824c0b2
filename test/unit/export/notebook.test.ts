/** The notebook export (nbformat 4.5) and the new code paths of the PyTorch script (device, processes, data). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetToCsv } from '../../../src/ui/export/datasetCsv';
import { regenerateDataset, regenerateInitialWeights } from '../../../src/ui/export/headlessRun';
import { MAX_EMBEDDED_CSV_CHARACTERS, toNotebook } from '../../../src/ui/export/notebook';
import { pytorchSections, toPytorchScript } from '../../../src/ui/export/pytorchScript';
import type { Settings } from '../../../src/settings/settingsTable';
import { SMALL, syntheticDigits } from './fixtures';

const directory = mkdtempSync(join(tmpdir(), 'export-notebook-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface NotebookCell {
  cell_type: string;
  id: string;
  source: string[];
  outputs?: unknown[];
  execution_count?: null;
}

function notebookOf(settings: Settings, csvOverride?: string) {
  const dataset = regenerateDataset(settings);
  const options = { initialWeights: regenerateInitialWeights(settings, dataset), epochs: 4, dataFile: 'data.csv' };
  const datasetCsv = csvOverride ?? datasetToCsv(dataset);
  const text = toNotebook(settings, dataset, { ...options, datasetCsv });
  return { text, notebook: JSON.parse(text) as { nbformat: number; nbformat_minor: number; metadata: Record<string, unknown>; cells: NotebookCell[] }, script: toPytorchScript(settings, dataset, options), datasetCsv };
}

const codeOf = (cells: NotebookCell[]) => cells.filter((cell) => cell.cell_type === 'code').map((cell) => cell.source.join(''));

describe('the notebook', () => {
  it('is nbformat 4.5 JSON: unique cell ids, code cells with empty outputs, a Python 3 kernel', () => {
    const { notebook } = notebookOf({ ...SMALL, batchNorm: true, earlyStopping: true });
    expect(notebook.nbformat).toBe(4);
    expect(notebook.nbformat_minor).toBe(5);
    expect(notebook.metadata).toMatchObject({ kernelspec: { name: 'python3', language: 'python' } });
    const ids = notebook.cells.map((cell) => cell.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    for (const cell of notebook.cells) {
      expect(['markdown', 'code']).toContain(cell.cell_type);
      if (cell.cell_type === 'code') expect(cell).toMatchObject({ outputs: [], execution_count: null });
      // nbformat's multiline strings: every line but the last ends with its line break.
      cell.source.slice(0, -1).forEach((line) => expect(line.endsWith('\n')).toBe(true));
    }
  });

  it('holds the script\'s code in order, the dataset embedded, a run cell and the matplotlib plot last', () => {
    const { notebook, script, datasetCsv } = notebookOf({ ...SMALL, earlyStopping: true });
    const code = codeOf(notebook.cells);
    const sections = ['import argparse', 'SEED = ', 'def load_split(', 'def build_model():', 'INITIAL_WEIGHTS = {', 'def make_optimizer(', 'def train_epoch(', 'class EarlyStopping:', 'def parse_args('];
    const positions = sections.map((text) => code.findIndex((cell) => cell.includes(text)));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The same code as the script, not a copy that could drift.
    for (const text of ['def train_epoch(', 'def run(args, log=print):', 'class EarlyStopping:']) {
      const cell = code.find((candidate) => candidate.includes(text))!;
      expect(script).toContain(cell);
    }
    const dataCell = code.find((cell) => cell.startsWith('# The dataset CSV'))!;
    expect(dataCell).toContain(`DATASET_CSV = ${JSON.stringify(datasetCsv)}`);
    expect(code.at(-2)).toBe('args = parse_args([])\nhistory = run(args)');
    expect(code.at(-1)).toContain('import matplotlib.pyplot as plt');
    expect(code.at(-1)).toContain('linestyle="--"');
    expect(code.join('\n')).not.toContain('if __name__ == "__main__"');
  });

  it('explains every regularizer and says which this run uses', () => {
    const { notebook } = notebookOf({ ...SMALL, l2Enabled: true, dropoutEnabled: true, dropoutRate: 0.2 });
    const text = notebook.cells.filter((cell) => cell.cell_type === 'markdown').map((cell) => cell.source.join('')).join('\n');
    expect(text).toMatch(/\*\*L2\*\*[^\n]*\*\*on in this run\*\*/);
    expect(text).toMatch(/\*\*Dropout\*\*[^\n]*\*\*on in this run\*\*/);
    expect(text).toMatch(/\*\*L1\*\*[^\n]*off in this run/);
    expect(text).toMatch(/\*\*Batch normalization\*\*[^\n]*off in this run/);
    expect(text).toMatch(/\*\*Early stopping\*\*[^\n]*off in this run/);
  });

  it('asks for an upload instead of embedding a dataset too large for a notebook', () => {
    const { notebook } = notebookOf(SMALL, 'x'.repeat(MAX_EMBEDDED_CSV_CHARACTERS + 1));
    const code = codeOf(notebook.cells);
    expect(code.join('\n')).not.toContain('DATASET_CSV');
    expect(code.find((cell) => cell.startsWith('# The dataset is too large to embed'))).toContain('raise SystemExit(f"Upload {DATA_FILE}');
  });

  it('its code cells joined in order compile as one Python script', () => {
    const { notebook } = notebookOf({ ...SMALL, batchNorm: true, earlyStopping: true, clipMode: 'norm' });
    const file = join(directory, 'notebook.py');
    writeFileSync(file, `${codeOf(notebook.cells).join('\n\n')}\n`);
    const result = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('the PyTorch script: device, processes, data (snapshots of the new code paths)', () => {
  it('the run section: --device, --data, --batch-order, --save, --help with the torchrun recipe, DDP with a DistributedSampler, rank 0 decides early stopping', () => {
    const settings = { ...SMALL, batchNorm: true, earlyStopping: true };
    const dataset = regenerateDataset(settings);
    const sections = pytorchSections(settings, dataset, { initialWeights: null, epochs: 5, dataFile: 'data.csv' });
    expect(sections.run).toMatchSnapshot();
    expect(sections.run).toContain('torchrun --nproc_per_node N this_file.py');
    expect(sections.run).toContain('DistributedSampler(range(len(train_x)), num_replicas=world, rank=rank, shuffle=True, seed=SEED)');
    expect(sections.run).toContain('--sync-bn');
  });

  it('the training loop: each process its share of the global batch, the loss scaled to the global batch mean', () => {
    const dataset = regenerateDataset(SMALL);
    const sections = pytorchSections(SMALL, dataset, { initialWeights: null, epochs: 5, dataFile: 'data.csv' });
    expect(sections.training).toMatchSnapshot();
  });

  it('the digits script reads the standard MNIST files with the playground\'s transform', () => {
    const settings: Settings = { ...SMALL, dataset: 'digits', convolutional: true, hiddenLayers: [4] };
    const dataset = regenerateDataset(settings, { digits: syntheticDigits() });
    const sections = pytorchSections(settings, dataset, { initialWeights: null, epochs: 5, dataFile: 'data.csv' });
    expect(sections.data).toMatchSnapshot();
    expect(sections.settings).toMatch(/^IMAGE_SIZE = 14/m);
    expect(sections.settings).toMatch(/^PIXEL_MEAN = [0-9.e-]+/m);
    expect(sections.run).toContain('parser.add_argument("--full-mnist", metavar="DIR"');
    // Not offered for other datasets.
    expect(pytorchSections(SMALL, regenerateDataset(SMALL), { initialWeights: null, epochs: 5, dataFile: 'data.csv' }).run).not.toContain('--full-mnist');
  });
});
