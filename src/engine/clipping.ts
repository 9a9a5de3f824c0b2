/**
 * Gradient clipping (semantics.md section 5). Global norm (PyTorch clip_grad_norm_, Keras
 * global_clipnorm) scales every gradient by c / max(totalNorm, c); by value clamps each component
 * to [-c, c]. The penalty gradient is clipped with the data gradient (as in Keras); decoupled
 * weight decay is not a gradient and is not clipped. The optimizers apply
 * g' = clamp(g * scale, -bound, bound) as they read each gradient component.
 * Symbols: c = clipValue, totalNorm = sqrt(sum over every trained parameter of g^2).
 */
import type { ClipMode } from './contract.ts';

/** The factor every gradient is multiplied by: c / max(totalNorm, c) in "norm" mode, else 1. */
export function gradientScale(mode: ClipMode, clipValue: number, totalNorm: number): number {
  return mode === 'norm' ? clipValue / Math.max(totalNorm, clipValue) : 1;
}

/** The bound every gradient component is clamped to: c in "value" mode, else Infinity. */
export function gradientBound(mode: ClipMode, clipValue: number): number {
  return mode === 'value' ? clipValue : Infinity;
}

/** clamp(g * scale, -bound, bound): one gradient component after clipping. */
export function clipComponent(g: number, scale: number, bound: number): number {
  const scaled = g * scale;
  return scaled > bound ? bound : scaled < -bound ? -bound : scaled;
}
