/**
 * The Gradient norms panel's rules, stated once: when early layers' gradients vanish, when norms
 * explode, when ReLU units die. Each warning names the numbers it was decided from.
 */
import type { LayerMetrics } from '../../../state/viewTypes';
import { formatValue } from '../../draw/histogramPixels';

/** The first layer's gradient norm below this fraction of the last layer's: vanishing. */
export const VANISHING_RATIO = 1e-4;
/** Any layer's gradient norm above this: exploding. */
export const EXPLODING_NORM = 1e3;
/** At least this share of a layer's ReLU units dead: worth a warning. */
export const DEAD_SHARE = 0.5;

/** One warning. */
export interface GradientWarning {
  kind: 'diverged' | 'exploding' | 'vanishing' | 'dead';
  message: string;
}

/** Warnings for one epoch's per-layer metrics, most serious first. */
export function gradientWarnings(layers: readonly Pick<LayerMetrics, 'name' | 'gradientNorm' | 'deadFraction'>[]): GradientWarning[] {
  const warnings: GradientWarning[] = [];
  if (layers.length === 0) return warnings;
  const broken = layers.filter((layer) => !Number.isFinite(layer.gradientNorm));
  if (broken.length > 0) {
    warnings.push({
      kind: 'diverged',
      message: `The gradient of ${broken.map((layer) => layer.name).join(', ')} is ${String(broken[0].gradientNorm)}: the numbers overflowed. Lower the learning rate or clip gradients, then reset.`,
    });
  }
  const huge = layers.filter((layer) => Number.isFinite(layer.gradientNorm) && layer.gradientNorm > EXPLODING_NORM);
  if (huge.length > 0) {
    const worst = huge.reduce((a, b) => (b.gradientNorm > a.gradientNorm ? b : a));
    warnings.push({
      kind: 'exploding',
      message: `Exploding gradients: ${worst.name} has a gradient norm of ${formatValue(worst.gradientNorm)} (above ${formatValue(EXPLODING_NORM)}). Lower the learning rate, clip the gradient norm, or use batch normalization.`,
    });
  }
  const first = layers[0];
  const last = layers[layers.length - 1];
  if (layers.length > 1 && Number.isFinite(first.gradientNorm) && Number.isFinite(last.gradientNorm) && last.gradientNorm > 0 && first.gradientNorm < VANISHING_RATIO * last.gradientNorm) {
    warnings.push({
      kind: 'vanishing',
      message: `Vanishing gradients: ${first.name}'s gradient (${formatValue(first.gradientNorm)}) is ${formatValue(first.gradientNorm / last.gradientNorm)} of ${last.name}'s (below ${formatValue(VANISHING_RATIO)}), so the first layer barely learns. Try ReLU, He initialization or batch normalization.`,
    });
  }
  for (const layer of layers) {
    if (layer.deadFraction !== null && layer.deadFraction >= DEAD_SHARE) {
      warnings.push({
        kind: 'dead',
        message: `${Math.round(layer.deadFraction * 100)}% of ${layer.name}'s ReLU units output 0 for every example (dead): they no longer learn. A smaller learning rate or leaky ReLU helps.`,
      });
    }
  }
  return warnings;
}
