/**
 * The fixed baseline of a measured experiment (lesson presets, sweep presets): raw inputs with no
 * derived features, clean labels, and every technique off. Spelled out rather than taken from the
 * app's defaults, so a change of a default (the first screen's dropout, say) never changes what a
 * lesson or a sweep measures.
 */
import type { Settings } from './settingsTable';

/** Standardized raw inputs, no derived features, no flipped labels. */
export const PLAIN_DATA: Partial<Settings> = {
  labelNoise: 0,
  standardize: true,
  featureX2: false,
  featureY2: false,
  featureXY: false,
  featureSinX: false,
  featureSinY: false,
};

/** Every regularization technique off, no clipping, no decay; early stopping would restore the best weights. */
export const TECHNIQUES_OFF: Partial<Settings> = {
  initializer: 'auto',
  clipMode: 'none',
  l1Enabled: false,
  l1Proximal: false,
  l2Enabled: false,
  weightDecay: 0,
  dropoutEnabled: false,
  inputDropoutRate: 0,
  dropoutLayerRates: [],
  batchNorm: false,
  earlyStopping: false,
  restoreBest: true,
  minDelta: 0,
  convolutional: false,
};
