/**
 * Validation of the live settings (messages are sentences shown to users). The engine has no
 * defaults of its own: the settings table (src/settings) owns every default and range, and
 * translate.ts passes them in.
 */
import type { ClipMode, LiveSettings, MonitorName } from './contract.ts';
import { optimizers } from './optimizers.ts';

const MONITORS: readonly MonitorName[] = ['validationLoss', 'validationAccuracy', 'trainLoss'];
const CLIP_MODES: readonly ClipMode[] = ['none', 'norm', 'value'];

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Every problem with `s` as a user-facing sentence; [] when valid. */
export function validateLiveSettings(s: LiveSettings): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  check(Object.hasOwn(optimizers, s.optimizer), `Unknown optimizer "${String(s.optimizer)}": choose sgd, momentum, adam or adamw.`);
  check(isNumber(s.learningRate) && s.learningRate > 0, `Learning rate must be a positive number (got ${s.learningRate}).`);
  check(isNumber(s.momentum) && s.momentum >= 0 && s.momentum < 1, `Momentum must be at least 0 and below 1 (got ${s.momentum}).`);
  check(Number.isInteger(s.batchSize) && s.batchSize >= 1, `Batch size must be a whole number of at least 1 (got ${s.batchSize}).`);
  check(isNumber(s.l1) && s.l1 >= 0, `L1 strength must be 0 or more (got ${s.l1}).`);
  check(typeof s.l1Proximal === 'boolean', 'The exact-zeros (proximal L1) switch must be on or off.');
  check(isNumber(s.l2) && s.l2 >= 0, `L2 strength must be 0 or more (got ${s.l2}).`);
  check(isNumber(s.weightDecay) && s.weightDecay >= 0, `Weight decay must be 0 or more (got ${s.weightDecay}).`);
  const rate = (value: unknown, what: string) => {
    if (!isNumber(value) || value < 0) problems.push(`${what} must be 0 or more (got ${String(value)}).`);
    else if (value >= 1) problems.push(`${what} must be below 1 (got ${value}).`);
  };
  rate(s.dropoutRate, 'Dropout rate');
  rate(s.inputDropoutRate, 'Input dropout rate');
  if (!Array.isArray(s.dropoutLayerRates)) problems.push('Per-layer dropout rates must be a list.');
  else s.dropoutLayerRates.forEach((value, index) => value !== null && rate(value, `Dropout rate of hidden layer ${index + 1}`));
  check(typeof s.batchNorm === 'boolean', 'Batch normalization must be on or off.');
  check(
    isNumber(s.batchNormMomentum) && s.batchNormMomentum >= 0 && s.batchNormMomentum < 1,
    `Batch-norm momentum must be at least 0 and below 1 (got ${s.batchNormMomentum}).`,
  );
  check(isNumber(s.batchNormEpsilon) && s.batchNormEpsilon > 0, `Batch-norm epsilon must be a positive number (got ${s.batchNormEpsilon}).`);
  check(CLIP_MODES.includes(s.clipMode), `Unknown clipping mode "${String(s.clipMode)}": choose none, norm or value.`);
  check(s.clipMode === 'none' || (isNumber(s.clipValue) && s.clipValue > 0), `The clipping threshold must be a positive number (got ${s.clipValue}).`);
  const es = s.earlyStopping;
  if (es === null || typeof es !== 'object') {
    problems.push('Early stopping settings are missing.');
    return problems;
  }
  check(MONITORS.includes(es.monitor), `Early stopping cannot monitor "${String(es.monitor)}": choose validationLoss, validationAccuracy or trainLoss.`);
  check(es.mode === 'auto' || es.mode === 'min' || es.mode === 'max', `Early stopping mode must be auto, min or max (got ${String(es.mode)}).`);
  check(isNumber(es.minDelta) && es.minDelta >= 0, `Early stopping's minimum change must be 0 or more (got ${es.minDelta}).`);
  check(Number.isInteger(es.patience) && es.patience >= 0, `Patience must be a whole number of epochs, 0 or more (got ${es.patience}).`);
  check(es.baseline === null || isNumber(es.baseline), `The early-stopping baseline must be a number or none (got ${String(es.baseline)}).`);
  check(
    Number.isInteger(es.startFromEpoch) && es.startFromEpoch >= 0,
    `Early stopping's start epoch must be a whole number, 0 or more (got ${es.startFromEpoch}).`,
  );
  return problems;
}

/** A deep copy (settings hold one nested object and one array). */
export function copySettings(s: LiveSettings): LiveSettings {
  return { ...s, dropoutLayerRates: [...s.dropoutLayerRates], earlyStopping: { ...s.earlyStopping } };
}
