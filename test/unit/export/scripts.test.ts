import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { regenerateDataset, regenerateInitialWeights } from '../../../src/ui/export/headlessRun';
import { toKerasScript } from '../../../src/ui/export/kerasScript';
import { toPytorchScript } from '../../../src/ui/export/pytorchScript';
import { exportCases, SMALL } from './fixtures';

const directory = mkdtempSync(join(tmpdir(), 'export-scripts-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('exported scripts', () => {
  it('every PyTorch and Keras script of the matrix passes python3 -m py_compile (scheme and exact weights)', () => {
    const files: string[] = [];
    for (const { name, settings, sources } of exportCases()) {
      const dataset = regenerateDataset(settings, sources);
      const weights = regenerateInitialWeights(settings, dataset);
      for (const exact of [false, true]) {
        const options = { initialWeights: exact ? weights : null, epochs: 7, dataFile: `${name}.csv` };
        const suffix = exact ? 'exact' : 'scheme';
        const pytorch = join(directory, `${name}-${suffix}-pytorch.py`);
        const keras = join(directory, `${name}-${suffix}-keras.py`);
        writeFileSync(pytorch, toPytorchScript(settings, dataset, options));
        writeFileSync(keras, toKerasScript(settings, dataset, options));
        files.push(pytorch, keras);
      }
    }
    expect(files).toHaveLength(exportCases().length * 4);
    // One interpreter for all files keeps this fast; py_compile exits non-zero on the first error.
    const result = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('is deterministic: the same settings give the same text', () => {
    const [first] = exportCases();
    const dataset = regenerateDataset(first.settings, first.sources);
    const options = { initialWeights: regenerateInitialWeights(first.settings, dataset), epochs: 3, dataFile: 'data.csv' };
    expect(toPytorchScript(first.settings, dataset, options)).toBe(toPytorchScript(first.settings, regenerateDataset(first.settings, first.sources), options));
    expect(toKerasScript(first.settings, dataset, options)).toBe(toKerasScript(first.settings, dataset, options));
  });
});

describe('exported scripts (snapshots)', () => {
  const byName = new Map(exportCases().map((entry) => [entry.name, entry]));
  const script = (name: string, framework: 'pytorch' | 'keras', exact = false) => {
    const { settings, sources } = byName.get(name)!;
    const dataset = regenerateDataset(settings, sources);
    const options = { initialWeights: exact ? regenerateInitialWeights(settings, dataset) : null, epochs: 50, dataFile: `${name}.csv` };
    return framework === 'pytorch' ? toPytorchScript(settings, dataset, options) : toKerasScript(settings, dataset, options);
  };

  it('PyTorch: momentum with L1 and L2', () => {
    expect(script('momentum-l1-l2', 'pytorch')).toMatchSnapshot();
  });

  it('Keras: AdamW, batch norm and early stopping', () => {
    expect(script('adamw-bn-es', 'keras')).toMatchSnapshot();
  });

  it('PyTorch and Keras: the digits CNN with L2, dropout and batch norm', () => {
    expect(script('digits-cnn', 'pytorch')).toMatchSnapshot();
    expect(script('digits-cnn', 'keras')).toMatchSnapshot();
  });

  it('PyTorch and Keras: a tiny regression with our exact initial weights', () => {
    const settings = { ...SMALL, dataset: 'sine' as const, hiddenLayers: [3], clipMode: 'value' as const };
    const dataset = regenerateDataset(settings);
    const options = { initialWeights: regenerateInitialWeights(settings, dataset), epochs: 10, dataFile: 'sine.csv' };
    expect(toPytorchScript(settings, dataset, options)).toMatchSnapshot();
    expect(toKerasScript(settings, dataset, options)).toMatchSnapshot();
  });
});
