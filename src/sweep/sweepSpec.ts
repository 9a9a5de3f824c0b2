/**
 * A sweep's specification: which setting varies (or two, as a grid), over which values, with how
 * many seeds and how many epochs per run. Everything else comes from the current settings. The
 * spec lives in the link under its own versioned parameters (`sweep=1&sw.*`); decoding never
 * throws: bad values fall back to defaults or are clamped, each with a sentence for the notice.
 */
import { SETTING_BY_KEY, type SettingKey, type Settings } from '../settings/settingsTable';

/** Version of the sweep parameters in the link (`sweep=<version>`). */
export const SWEEP_VERSION = 1;

/** The settings a sweep can vary. */
export type SweepParameter = 'l2' | 'l1' | 'dropoutRate' | 'weightDecay' | 'width' | 'depth' | 'trainCount' | 'labelNoise' | 'patience' | 'epochs';

/** Log or linear spacing of a range's values. */
export type SweepScale = 'log' | 'linear';

/** One row of the sweepable-settings table. */
export interface SweepParameterRow {
  id: SweepParameter;
  label: string;
  /** Name in the link (the setting's own short name where it has one). */
  url: string;
  min: number;
  max: number;
  integer: boolean;
  /** The spacing a new sweep of it starts with. */
  defaultScale: SweepScale;
  defaultFrom: number;
  defaultTo: number;
  /** The run's settings with this value (and the switch that makes it count turned on). */
  apply(settings: Settings, value: number): Settings;
}

function rangeOf(key: SettingKey): { min: number; max: number } {
  const kind = SETTING_BY_KEY[key].kind;
  if (kind.type !== 'number' && kind.type !== 'int') throw new Error(`${key} is not numeric`);
  return { min: kind.min, max: kind.max };
}

const HIDDEN_RANGE = SETTING_BY_KEY.hiddenLayers.kind.type === 'intList' ? SETTING_BY_KEY.hiddenLayers.kind : { min: 1, max: 512, maxLength: 10 };
/** Width of each layer when a depth sweep starts from a network without hidden layers. */
const DEFAULT_DEPTH_WIDTH = 32;
/** The longest epoch budget a run of a sweep may have. */
export const MAX_SWEEP_EPOCHS = 2000;

/** The table of sweepable settings (display order). */
export const SWEEP_PARAMETERS: readonly SweepParameterRow[] = [
  { id: 'l2', label: 'L2 strength', url: 'l2s', ...rangeOf('l2'), integer: false, defaultScale: 'log', defaultFrom: 0.00001, defaultTo: 0.01, apply: (s, v) => ({ ...s, l2Enabled: true, l2: v }) },
  { id: 'l1', label: 'L1 strength', url: 'l1s', ...rangeOf('l1'), integer: false, defaultScale: 'log', defaultFrom: 0.00001, defaultTo: 0.01, apply: (s, v) => ({ ...s, l1Enabled: true, l1: v }) },
  { id: 'dropoutRate', label: 'Dropout rate', url: 'dor', ...rangeOf('dropoutRate'), integer: false, defaultScale: 'linear', defaultFrom: 0, defaultTo: 0.8, apply: (s, v) => ({ ...s, dropoutEnabled: true, dropoutRate: v }) },
  { id: 'weightDecay', label: 'Weight decay', url: 'wd', ...rangeOf('weightDecay'), integer: false, defaultScale: 'linear', defaultFrom: 0, defaultTo: 0.1, apply: (s, v) => ({ ...s, weightDecay: v }) },
  { id: 'width', label: 'Hidden width', url: 'width', min: HIDDEN_RANGE.min, max: HIDDEN_RANGE.max, integer: true, defaultScale: 'log', defaultFrom: 2, defaultTo: 128, apply: (s, v) => ({ ...s, hiddenLayers: s.hiddenLayers.length === 0 ? [v] : s.hiddenLayers.map(() => v) }) },
  { id: 'depth', label: 'Depth (hidden layers)', url: 'depth', min: 0, max: HIDDEN_RANGE.maxLength, integer: true, defaultScale: 'linear', defaultFrom: 0, defaultTo: 4, apply: (s, v) => ({ ...s, hiddenLayers: new Array<number>(v).fill(s.hiddenLayers[0] ?? DEFAULT_DEPTH_WIDTH) }) },
  { id: 'trainCount', label: 'Training examples', url: 'n', ...rangeOf('trainCount'), integer: true, defaultScale: 'log', defaultFrom: 50, defaultTo: 800, apply: (s, v) => ({ ...s, trainCount: v }) },
  { id: 'labelNoise', label: 'Label noise', url: 'flip', ...rangeOf('labelNoise'), integer: false, defaultScale: 'linear', defaultFrom: 0, defaultTo: 0.4, apply: (s, v) => ({ ...s, labelNoise: v }) },
  { id: 'patience', label: 'Patience (early stopping)', url: 'pat', ...rangeOf('patience'), integer: true, defaultScale: 'linear', defaultFrom: 0, defaultTo: 40, apply: (s, v) => ({ ...s, earlyStopping: true, patience: v }) },
  // The run's epoch budget itself: applied by the job builder, not to the settings.
  { id: 'epochs', label: 'Epochs', url: 'epochs', min: 1, max: MAX_SWEEP_EPOCHS, integer: true, defaultScale: 'linear', defaultFrom: 10, defaultTo: 200, apply: (s) => s },
];

/** Looks a sweepable setting up by id. */
export const SWEEP_PARAMETER_BY_ID: Readonly<Record<SweepParameter, SweepParameterRow>> = Object.fromEntries(SWEEP_PARAMETERS.map((row) => [row.id, row])) as Record<SweepParameter, SweepParameterRow>;

/** One swept axis. */
export interface SweepAxis {
  parameter: SweepParameter;
  from: number;
  to: number;
  /** Number of values (3-20 for one axis; 2-6 per axis of a grid). */
  count: number;
  scale: SweepScale;
}

/** The whole sweep. */
export interface SweepSpec {
  /** One axis (a curve) or two (a grid). */
  axes: [SweepAxis] | [SweepAxis, SweepAxis];
  /** Seeds 1..seeds (1-10). */
  seeds: number;
  /** Epochs per run (the budget), unless the sweep varies the epochs themselves. */
  epochs: number;
}

/** Value-count limits. */
export const CURVE_COUNT = { min: 3, max: 20 } as const;
export const GRID_COUNT = { min: 2, max: 6 } as const;
export const SEED_COUNT = { min: 1, max: 10 } as const;

/** A fresh axis over a parameter's default range. */
export function defaultAxis(parameter: SweepParameter, count = 5): SweepAxis {
  const row = SWEEP_PARAMETER_BY_ID[parameter];
  return { parameter, from: row.defaultFrom, to: row.defaultTo, count, scale: row.defaultScale };
}

/** The sweep a new user starts with: L2 strength, 5 values, 2 seeds, 50 epochs. */
export const DEFAULT_SWEEP: SweepSpec = { axes: [defaultAxis('l2')], seeds: 2, epochs: 50 };

function roundValue(value: number, integer: boolean): number {
  // Six significant digits: log spacing gives values like 0.0001778279..., which links keep short.
  return integer ? Math.round(value) : Number(value.toPrecision(6));
}

/** The values of an axis, ascending as specified, duplicates (from integer rounding) removed. */
export function axisValues(axis: SweepAxis): number[] {
  const row = SWEEP_PARAMETER_BY_ID[axis.parameter];
  const values: number[] = [];
  for (let index = 0; index < axis.count; index++) {
    const t = axis.count === 1 ? 0 : index / (axis.count - 1);
    const raw = axis.scale === 'log' ? Math.exp(Math.log(axis.from) + t * (Math.log(axis.to) - Math.log(axis.from))) : axis.from + t * (axis.to - axis.from);
    const value = Math.min(row.max, Math.max(row.min, roundValue(raw, row.integer)));
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

/** Number of runs a spec asks for. */
export function runCount(spec: SweepSpec): number {
  return spec.axes.reduce((product, axis) => product * axisValues(axis).length, 1) * spec.seeds;
}

/**
 * Checks a spec (from a form or a decoded link): clamps counts and ranges to what is allowed,
 * turns a log scale over a range touching 0 into linear. Returns the valid spec and what changed.
 */
export function normalizeSweep(spec: SweepSpec): { spec: SweepSpec; problems: string[] } {
  const problems: string[] = [];
  const grid = spec.axes.length === 2;
  const limits = grid ? GRID_COUNT : CURVE_COUNT;
  const axes = spec.axes.map((axis) => {
    const row = SWEEP_PARAMETER_BY_ID[axis.parameter];
    const clampTo = (value: number, name: string): number => {
      if (!Number.isFinite(value)) {
        problems.push(`Sweep: ${row.label} ${name} is not a number; ${row.min} is used.`);
        return row.min;
      }
      const rounded = row.integer ? Math.round(value) : value;
      const clamped = Math.min(row.max, Math.max(row.min, rounded));
      if (clamped !== value) problems.push(`Sweep: ${row.label} ${name} must be from ${row.min} to ${row.max}${row.integer ? ', a whole number' : ''}; ${clamped} is used.`);
      return clamped;
    };
    let from = clampTo(axis.from, 'start');
    let to = clampTo(axis.to, 'end');
    if (from === to) {
      problems.push(`Sweep: the ${row.label} range is a single value; the default range is used.`);
      from = row.defaultFrom;
      to = row.defaultTo;
    }
    let count = Number.isFinite(axis.count) ? Math.round(axis.count) : 5;
    if (count < limits.min || count > limits.max) {
      const clamped = Math.min(limits.max, Math.max(limits.min, count));
      problems.push(`Sweep: ${grid ? 'a grid axis takes' : 'a sweep takes'} ${limits.min} to ${limits.max} values; ${clamped} are used.`);
      count = clamped;
    }
    let scale = axis.scale;
    if (scale === 'log' && (from <= 0 || to <= 0)) {
      problems.push(`Sweep: a log scale needs a range above 0; ${row.label} is swept on a linear scale.`);
      scale = 'linear';
    }
    return { parameter: axis.parameter, from, to, count, scale };
  });
  if (grid && axes[0].parameter === axes[1].parameter) {
    problems.push('Sweep: a grid needs two different settings; the second was dropped.');
    axes.length = 1;
    if (axes[0].count < CURVE_COUNT.min) axes[0].count = CURVE_COUNT.min;
  }
  let seeds = Number.isFinite(spec.seeds) ? Math.round(spec.seeds) : DEFAULT_SWEEP.seeds;
  if (seeds < SEED_COUNT.min || seeds > SEED_COUNT.max) {
    seeds = Math.min(SEED_COUNT.max, Math.max(SEED_COUNT.min, seeds));
    problems.push(`Sweep: ${SEED_COUNT.min} to ${SEED_COUNT.max} seeds; ${seeds} are used.`);
  }
  let epochs = Number.isFinite(spec.epochs) ? Math.round(spec.epochs) : DEFAULT_SWEEP.epochs;
  if (epochs < 1 || epochs > MAX_SWEEP_EPOCHS) {
    epochs = Math.min(MAX_SWEEP_EPOCHS, Math.max(1, epochs));
    problems.push(`Sweep: 1 to ${MAX_SWEEP_EPOCHS} epochs per run; ${epochs} are used.`);
  }
  return { spec: { axes: axes as SweepSpec['axes'], seeds, epochs }, problems };
}

/** The settings of one run of the sweep: the base settings with the axes' values, and its seed. */
export function runSettings(base: Settings, spec: SweepSpec, values: readonly number[], seed: number): { settings: Settings; epochs: number } {
  let settings: Settings = { ...base, seed };
  let epochs = spec.epochs;
  spec.axes.forEach((axis, index) => {
    if (axis.parameter === 'epochs') epochs = values[index];
    else settings = SWEEP_PARAMETER_BY_ID[axis.parameter].apply(settings, values[index]);
  });
  return { settings, epochs };
}

// ------------------------------------------------------------------ the link

const PARAMETER_BY_URL = new Map(SWEEP_PARAMETERS.map((row) => [row.url, row.id]));
/** Link parameters the sweep owns (the rest of the link is the settings and the view). */
export function isSweepParam(name: string): boolean {
  return name === 'sweep' || name.startsWith('sw.');
}

function formatValue(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** The sweep as link parameters: `sweep=1&sw.p=l2s&sw.from=…&sw.to=…&sw.n=5&sw.scale=log&sw.seeds=2&sw.epochs=50` (and `sw.p2`… for a grid). */
export function encodeSweep(spec: SweepSpec): [string, string][] {
  const params: [string, string][] = [['sweep', String(SWEEP_VERSION)]];
  spec.axes.forEach((axis, index) => {
    const suffix = index === 0 ? '' : '2';
    params.push(
      [`sw.p${suffix}`, SWEEP_PARAMETER_BY_ID[axis.parameter].url],
      [`sw.from${suffix}`, formatValue(axis.from)],
      [`sw.to${suffix}`, formatValue(axis.to)],
      [`sw.n${suffix}`, String(axis.count)],
      [`sw.scale${suffix}`, axis.scale === 'log' ? 'log' : 'lin'],
    );
  });
  params.push(['sw.seeds', String(spec.seeds)], ['sw.epochs', String(spec.epochs)]);
  return params;
}

function readNumber(params: URLSearchParams, name: string, fallback: number, problems: string[]): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) {
    problems.push(`Sweep: "${raw.slice(0, 20)}" is not a number for ${name}; ${formatValue(fallback)} is used.`);
    return fallback;
  }
  return value;
}

function readAxis(params: URLSearchParams, suffix: '' | '2', problems: string[]): SweepAxis | null {
  const raw = params.get(`sw.p${suffix}`);
  if (raw === null) return suffix === '' ? { ...DEFAULT_SWEEP.axes[0] } : null;
  const parameter = PARAMETER_BY_URL.get(raw);
  if (!parameter) {
    const known = SWEEP_PARAMETERS.map((row) => row.url).join(', ');
    problems.push(`Sweep: "${raw.slice(0, 20)}" cannot be swept (one of ${known}); ${suffix === '' ? 'L2 strength is used' : 'the grid was dropped'}.`);
    return suffix === '' ? { ...DEFAULT_SWEEP.axes[0] } : null;
  }
  const fallback = defaultAxis(parameter, suffix === '' ? 5 : 4);
  const scaleRaw = params.get(`sw.scale${suffix}`);
  let scale = fallback.scale;
  if (scaleRaw === 'log') scale = 'log';
  else if (scaleRaw === 'lin' || scaleRaw === 'linear') scale = 'linear';
  else if (scaleRaw !== null) problems.push(`Sweep: scale "${scaleRaw.slice(0, 20)}" is not log or lin; ${scale} is used.`);
  return {
    parameter,
    from: readNumber(params, `sw.from${suffix}`, fallback.from, problems),
    to: readNumber(params, `sw.to${suffix}`, fallback.to, problems),
    count: readNumber(params, `sw.n${suffix}`, fallback.count, problems),
    scale,
  };
}

/** Reads the sweep from link parameters; null when the link has none. Never throws. */
export function decodeSweep(params: URLSearchParams): { spec: SweepSpec | null; problems: string[] } {
  const version = params.get('sweep');
  if (version === null) {
    const stray = [...params.keys()].some((name) => name.startsWith('sw.'));
    return { spec: null, problems: stray ? ['Sweep parameters without sweep=1 were ignored.'] : [] };
  }
  if (version === '0' || version === 'false') return { spec: null, problems: [] };
  const problems: string[] = [];
  if (version !== String(SWEEP_VERSION)) problems.push(`This sweep link is from version ${version.slice(0, 10)}; some sweep parameters may have been read differently.`);
  const first = readAxis(params, '', problems)!;
  const second = readAxis(params, '2', problems);
  const raw: SweepSpec = {
    axes: second ? [first, second] : [first],
    seeds: readNumber(params, 'sw.seeds', DEFAULT_SWEEP.seeds, problems),
    epochs: readNumber(params, 'sw.epochs', DEFAULT_SWEEP.epochs, problems),
  };
  const normalized = normalizeSweep(raw);
  return { spec: normalized.spec, problems: [...problems, ...normalized.problems] };
}

