/**
 * The metric history as CSV (one row per epoch: every scalar of EpochMetrics, then every
 * per-layer figure as "<layer>/<figure>") and as JSON. The history in the telemetry store is
 * bounded: very long runs keep older epochs thinned, which the JSON says.
 */
import type { EpochMetrics, LayerMetrics } from '../../engine';
import type { Settings } from '../../settings/settingsTable';
import { csvRow, float64Text } from './format';
import type { TestFigures } from '../../state/viewTypes';

/** The scalar columns, in order. */
export const EPOCH_COLUMNS = [
  'epoch',
  'step',
  'trainLossTrainingMode',
  'trainLoss',
  'validationLoss',
  'penalty',
  'trainAccuracy',
  'validationAccuracy',
  'trainRmse',
  'validationRmse',
] as const satisfies readonly (keyof EpochMetrics)[];

/** The per-layer figures, in order. */
export const LAYER_COLUMNS = ['weightL1', 'weightL2', 'sparsity', 'gradientNorm', 'updateRatio', 'deadFraction'] as const satisfies readonly (keyof LayerMetrics)[];

/** The `format` field of a metrics JSON file. */
export const METRICS_FORMAT = 'regularization-playground/metrics';

/** A cell: empty for null (no such figure, e.g. accuracy in regression), NaN/Infinity spelled out. */
function cell(value: number | null): string {
  return value === null ? '' : float64Text(value);
}

/** Layer names in order of first appearance. */
function layerNames(epochs: readonly EpochMetrics[]): string[] {
  const names: string[] = [];
  for (const epoch of epochs) for (const layer of epoch.layers) if (!names.includes(layer.name)) names.push(layer.name);
  return names;
}

/** The CSV header for `epochs`. */
export function metricsCsvHeader(epochs: readonly EpochMetrics[]): string[] {
  const header: string[] = [...EPOCH_COLUMNS];
  for (const name of layerNames(epochs)) for (const figure of LAYER_COLUMNS) header.push(`${name}/${figure}`);
  return header;
}

/** The history as CSV text, one row per epoch, ending with a line break. */
export function metricsToCsv(epochs: readonly EpochMetrics[]): string {
  const names = layerNames(epochs);
  const lines = [csvRow(metricsCsvHeader(epochs))];
  for (const epoch of epochs) {
    const cells = EPOCH_COLUMNS.map((column) => cell(epoch[column]));
    for (const name of names) {
      const layer = epoch.layers.find((candidate) => candidate.name === name);
      for (const figure of LAYER_COLUMNS) cells.push(layer === undefined ? '' : cell(layer[figure]));
    }
    lines.push(csvRow(cells));
  }
  return `${lines.join('\n')}\n`;
}

/** Context saved with the JSON history. */
export interface MetricsContext {
  settings: Settings;
  /** Epochs the run finished (more than `epochs.length` when older ones were thinned). */
  totalEpochs: number;
  /** The held-out test figures of the kept weights, when revealed (else the file says null). */
  test?: TestFigures | null;
}

/**
 * The history as JSON: { format, version, settings, totalEpochs, thinned, epochs, test }, where
 * `test` is the final field: the held-out test figures of the kept weights at the step they were
 * revealed, or null when the student has not revealed them (never per epoch). JSON has no
 * NaN or Infinity: such values are written as null (the CSV spells them out).
 */
export function metricsToJson(epochs: readonly EpochMetrics[], context: MetricsContext): string {
  const file = {
    format: METRICS_FORMAT,
    version: 1,
    settings: context.settings,
    totalEpochs: context.totalEpochs,
    thinned: context.totalEpochs > epochs.length,
    epochs,
    test: context.test ?? null,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A file name for the metrics, e.g. "playground-metrics-spirals-seed-1.csv". */
export function metricsFileName(settings: Settings, extension: 'csv' | 'json'): string {
  return `playground-metrics-${settings.dataset}-seed-${settings.seed}.${extension}`;
}
