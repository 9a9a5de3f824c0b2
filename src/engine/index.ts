/**
 * The engine's public API: the Trainer, settings defaults and validation, the contract types and
 * the seeded streams. Pure TypeScript: no DOM, React or worker imports.
 */
export * from './contract.ts';
export * from './rng.ts';
export { Trainer, type TrainerOptions, type LayerGradientNorm } from './trainer.ts';
export { validateLiveSettings } from './settings.ts';
export type { Dtype } from './floatArray.ts';
export type { SetScore } from './evaluation.ts';
export { LEAKY_RELU_SLOPE } from './activations.ts';
export { KERAS_BN_EPSILON, KERAS_BN_MOMENTUM } from './batchNorm.ts';
export { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './optimizers.ts';
export { HISTOGRAM_BINS } from './histogram.ts';
export { simdEnabled } from './wasmSimd.ts';
export { resolveInitializer, type ConcreteInitializer } from './initializers.ts';
