import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../src/engine';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { replayRun } from '../../../src/worker/replay';
import { EPOCH_COLUMNS, LAYER_COLUMNS, metricsCsvHeader, metricsFileName, metricsToCsv, metricsToJson } from '../../../src/ui/export/metricsExport';
import { SMALL } from './fixtures';

describe('metrics export', () => {
  const { epochs } = replayRun({ ...SMALL, dataset: 'sine' }, {}, [], 5 * 3);
  const classification = replayRun(SMALL, {}, [], 5 * 3).epochs;

  it('has one column per EpochMetrics scalar and per layer figure', () => {
    expect(epochs).toHaveLength(3);
    const scalarKeys = Object.keys(epochs[0]).filter((key) => key !== 'layers');
    expect([...EPOCH_COLUMNS].sort()).toEqual(scalarKeys.sort());
    expect([...LAYER_COLUMNS].sort()).toEqual(Object.keys(epochs[0].layers[0]).filter((key) => key !== 'name').sort());
    const header = metricsCsvHeader(epochs);
    expect(header.slice(0, EPOCH_COLUMNS.length)).toEqual([...EPOCH_COLUMNS]);
    expect(header).toContain('dense 1/weightL2');
    expect(header).toContain('output/gradientNorm');
    expect(header).toHaveLength(EPOCH_COLUMNS.length + 3 * LAYER_COLUMNS.length);
  });

  it('writes one row per epoch with exact values; null is empty, NaN and Infinity spelled out', () => {
    const lines = metricsToCsv(epochs).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + epochs.length);
    const header = lines[0].split(',');
    const row = lines[2].split(',');
    expect(Number(row[header.indexOf('validationLoss')])).toBe(epochs[1].validationLoss);
    expect(Number(row[header.indexOf('epoch')])).toBe(2);
    expect(row[header.indexOf('trainAccuracy')]).toBe('');
    expect(Number(row[header.indexOf('validationRmse')])).toBe(epochs[1].validationRmse);
    const odd: EpochMetrics = { ...epochs[0], trainLossTrainingMode: NaN, layers: [{ ...epochs[0].layers[0], updateRatio: Infinity }] };
    const oddRow = metricsToCsv([odd]).split('\n')[1].split(',');
    expect(oddRow[2]).toBe('NaN');
    expect(oddRow).toContain('Infinity');
    const classRow = metricsToCsv(classification).split('\n')[1].split(',');
    expect(Number(classRow[metricsCsvHeader(classification).indexOf('trainAccuracy')])).toBe(classification[0].trainAccuracy);
  });

  it('writes JSON with the settings and whether the history was thinned', () => {
    const parsed = JSON.parse(metricsToJson(epochs, { settings: DEFAULT_SETTINGS, totalEpochs: 3 }));
    expect(parsed).toMatchObject({ format: 'regularization-playground/metrics', version: 1, totalEpochs: 3, thinned: false });
    expect(parsed.settings).toEqual(DEFAULT_SETTINGS);
    expect(parsed.epochs).toEqual(JSON.parse(JSON.stringify(epochs)));
    expect(JSON.parse(metricsToJson(epochs, { settings: DEFAULT_SETTINGS, totalEpochs: 10 })).thinned).toBe(true);
    expect(metricsFileName(DEFAULT_SETTINGS, 'csv')).toBe('playground-metrics-spirals-seed-1.csv');
  });

  it('an empty history is a header-only CSV', () => {
    expect(metricsToCsv([])).toBe(`${EPOCH_COLUMNS.join(',')}\n`);
  });
});
