import { describe, expect, it } from 'vitest';
import { axisValues, decodeSweep, DEFAULT_SWEEP, encodeSweep, normalizeSweep, runCount, runSettings, SWEEP_PARAMETERS, type SweepSpec } from '../../../src/sweep/sweepSpec';
import { planSweep } from '../../../src/sweep/sweepJobs';
import { decodeUrl, encodeUrl } from '../../../src/state/urlState';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { createStream } from '../../../src/engine/rng';
import { readFileSync } from 'node:fs';
import { checked } from '../../checkedSettings';

function decode(query: string) {
  return decodeSweep(new URLSearchParams(query));
}

describe('sweep values', () => {
  it('spaces a log range geometrically and a linear one evenly, ends included', () => {
    expect(axisValues({ parameter: 'l2', from: 0.00001, to: 0.01, count: 4, scale: 'log' })).toEqual([0.00001, 0.0001, 0.001, 0.01]);
    expect(axisValues({ parameter: 'dropoutRate', from: 0, to: 0.8, count: 5, scale: 'linear' })).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('rounds integer settings and drops the duplicates that rounding makes', () => {
    expect(axisValues({ parameter: 'width', from: 1, to: 4, count: 7, scale: 'linear' })).toEqual([1, 2, 3, 4]);
  });

  it('applies each value with the switch that makes it count, and the seed', () => {
    const base = { ...DEFAULT_SETTINGS, l2Enabled: false, hiddenLayers: [16, 8] };
    const spec: SweepSpec = { axes: [{ parameter: 'l2', from: 0.001, to: 0.1, count: 3, scale: 'log' }], seeds: 2, epochs: 30 };
    expect(runSettings(base, spec, [0.01], 7)).toEqual({ settings: { ...base, l2Enabled: true, l2: 0.01, seed: 7 }, epochs: 30 });
    const width = runSettings(base, { ...spec, axes: [{ parameter: 'width', from: 2, to: 64, count: 3, scale: 'log' }] }, [64], 1);
    expect(width.settings.hiddenLayers).toEqual([64, 64]);
    const depth = runSettings(base, { ...spec, axes: [{ parameter: 'depth', from: 0, to: 3, count: 4, scale: 'linear' }] }, [3], 1);
    expect(depth.settings.hiddenLayers).toEqual([16, 16, 16]);
    const patience = runSettings(base, { ...spec, axes: [{ parameter: 'patience', from: 0, to: 40, count: 3, scale: 'linear' }] }, [20], 1);
    expect(patience.settings).toMatchObject({ earlyStopping: true, patience: 20 });
    const epochs = runSettings(base, { ...spec, axes: [{ parameter: 'epochs', from: 10, to: 100, count: 3, scale: 'linear' }] }, [55], 1);
    expect(epochs).toEqual({ settings: { ...base, seed: 1 }, epochs: 55 });
  });

  it('plans every (value, seed) run, the first seed first, pictures on seed 1 only', () => {
    const plan = planSweep({ axes: [{ parameter: 'l2', from: 0.0001, to: 0.01, count: 3, scale: 'log' }], seeds: 2, epochs: 10 }, checked(DEFAULT_SETTINGS));
    expect(plan.jobs.map((job) => [job.valueIndex, job.seed, job.picture])).toEqual([
      [0, 1, true],
      [1, 1, true],
      [2, 1, true],
      [0, 2, false],
      [1, 2, false],
      [2, 2, false],
    ]);
    const grid = planSweep({ axes: [{ parameter: 'l2', from: 0.0001, to: 0.01, count: 3, scale: 'log' }, { parameter: 'dropoutRate', from: 0, to: 0.5, count: 2, scale: 'linear' }], seeds: 1, epochs: 10 }, checked(DEFAULT_SETTINGS));
    expect(grid.jobs).toHaveLength(6);
    expect(grid.jobs[1].settings).toMatchObject({ l2: 0.0001, dropoutEnabled: true, dropoutRate: 0.5 });
    expect(runCount(grid.spec)).toBe(6);
  });
});

describe('sweep link', () => {
  it('round-trips a curve and a grid through its versioned parameters', () => {
    const curve: SweepSpec = { axes: [{ parameter: 'l2', from: 0.00001, to: 0.01, count: 5, scale: 'log' }], seeds: 2, epochs: 40 };
    const grid: SweepSpec = { axes: [{ parameter: 'width', from: 4, to: 64, count: 5, scale: 'log' }, { parameter: 'labelNoise', from: 0, to: 0.3, count: 4, scale: 'linear' }], seeds: 3, epochs: 100 };
    for (const spec of [curve, grid]) {
      const query = new URLSearchParams(encodeSweep(spec)).toString();
      expect(decode(query)).toEqual({ spec, problems: [] });
    }
    expect(new URLSearchParams(encodeSweep(curve)).toString()).toBe('sweep=1&sw.p=l2s&sw.from=0.00001&sw.to=0.01&sw.n=5&sw.scale=log&sw.seeds=2&sw.epochs=40');
  });

  it('lives beside the settings in the whole link, and the settings decoder leaves it alone', () => {
    const search = encodeUrl({ ...DEFAULT_SETTINGS, seed: 4 }, { sweep: DEFAULT_SWEEP });
    const decoded = decodeUrl(search);
    expect(decoded.problems).toEqual([]);
    expect(decoded.view.sweep).toEqual(DEFAULT_SWEEP);
    expect(decoded.settings.seed).toBe(4);
    expect(decodeUrl('?seed=3').view.sweep).toBeNull();
  });

  it('fills what a short link leaves out with defaults', () => {
    expect(decode('sweep=1')).toEqual({ spec: DEFAULT_SWEEP, problems: [] });
    const dropout = decode('sweep=1&sw.p=dor');
    expect(dropout.spec!.axes[0]).toMatchObject({ parameter: 'dropoutRate', scale: 'linear' });
  });

  it('clamps and explains bad values instead of failing', () => {
    const { spec, problems } = decode('sweep=1&sw.p=l2s&sw.from=-1&sw.to=5&sw.n=50&sw.scale=cubic&sw.seeds=99&sw.epochs=abc');
    expect(spec!.axes[0].count).toBe(20);
    expect(spec!.seeds).toBe(10);
    expect(spec!.epochs).toBe(DEFAULT_SWEEP.epochs);
    expect(spec!.axes[0].from).toBeGreaterThan(0);
    expect(spec!.axes[0].to).toBe(0.1);
    expect(problems.length).toBeGreaterThanOrEqual(5);
    expect(problems.join(' ')).toMatch(/cubic/);
    expect(decode('sweep=1&sw.p=lr').problems[0]).toMatch(/cannot be swept/);
    expect(decode('sweep=1&sw.p=wd&sw.from=0&sw.to=0.1&sw.scale=log').spec!.axes[0].scale).toBe('linear');
    expect(decode('sweep=1&sw.p=l2s&sw.p2=l2s').spec!.axes).toHaveLength(1);
    const grid = decode('sweep=1&sw.p=l2s&sw.n=9&sw.p2=dor&sw.n2=9');
    expect(grid.spec!.axes.map((axis) => axis.count)).toEqual([6, 6]);
    expect(decode('sw.p=l2s').problems).toEqual(['Sweep parameters without sweep=1 were ignored.']);
    expect(decode('sweep=7').problems[0]).toMatch(/version 7/);
  });

  it('never throws on random input and always yields a runnable spec', () => {
    const rng = createStream(15, 'test/sweep-fuzz');
    const names = ['sweep', 'sw.p', 'sw.from', 'sw.to', 'sw.n', 'sw.scale', 'sw.seeds', 'sw.epochs', 'sw.p2', 'sw.n2', 'sw.from2', 'sw.to2', 'sw.scale2'];
    const pieces = ['1', '0', '', 'NaN', '-3', '1e9', 'log', 'lin', 'l2s', 'width', 'depth', 'epochs', 'n', '0.5', '%%', 'Infinity'];
    for (let trial = 0; trial < 300; trial++) {
      const params = new URLSearchParams();
      params.set('sweep', '1');
      for (const name of names) if (rng.uniform() < 0.6) params.set(name, pieces[rng.int(pieces.length)]);
      const { spec } = decodeSweep(params);
      if (!spec) continue;
      expect(normalizeSweep(spec).problems).toEqual([]);
      for (const axis of spec.axes) expect(axisValues(axis).length).toBeGreaterThanOrEqual(1);
      expect(runCount(spec)).toBeLessThanOrEqual(36 * 10);
    }
  });

  it('decodes the README example link cleanly: L2 strength, 5 values, 2 seeds', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const example = /^`(\?[^`]*sweep=1[^`]*)`$/m.exec(readme);
    expect(example).not.toBeNull();
    const decoded = decodeUrl(example![1]);
    expect(decoded.problems).toEqual([]);
    expect(decoded.view.sweep).toMatchObject({ axes: [{ parameter: 'l2', count: 5, scale: 'log' }], seeds: 2 });
    expect(runCount(decoded.view.sweep!)).toBe(10);
  });

  it('has a row for every sweepable setting the issue names', () => {
    expect(SWEEP_PARAMETERS.map((row) => row.id)).toEqual(['l2', 'l1', 'dropoutRate', 'weightDecay', 'width', 'depth', 'trainCount', 'labelNoise', 'patience', 'epochs']);
  });
});
