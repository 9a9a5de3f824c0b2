/**
 * Our parameters as Python nested-list literals in each framework's layout. Kernels come in
 * Keras's layout (dense [inputs, outputs], conv HWIO); PyTorch wants dense [out, in] and conv OIHW.
 */
import type { LayerParameters } from '../../engine';
import { float32Text } from './format';

/** A nested array of numbers as a Python list literal, one top-level row per line after `indent`. */
export function pyNested(value: number[] | number[][] | number[][][] | number[][][][], indent: string): string {
  const inner = (item: unknown): string => (Array.isArray(item) ? `[${item.map(inner).join(', ')}]` : float32Text(item as number));
  if (value.length === 0) return '[]';
  if (!Array.isArray(value[0])) return inner(value);
  return `[\n${value.map((row) => `${indent}    ${inner(row)},`).join('\n')}\n${indent}]`;
}

/** The values of a flat array as a plain number array. */
export function plain(values: ArrayLike<number>): number[] {
  return Array.from(values);
}

/** A conv kernel in HWIO (kernel[((ky * k + kx) * in + ci) * out + co]) as nested [k][k][in][out] (Keras). */
export function convHwio(layer: LayerParameters): number[][][][] {
  const [kh, kw, inChannels, filters] = layer.shape;
  return Array.from({ length: kh }, (_, ky) =>
    Array.from({ length: kw }, (_, kx) =>
      Array.from({ length: inChannels }, (_, ci) => Array.from({ length: filters }, (_, co) => layer.kernel[((ky * kw + kx) * inChannels + ci) * filters + co])),
    ),
  );
}

/** A conv kernel in HWIO as nested [out][in][k][k] (PyTorch's OIHW). */
export function convOihw(layer: LayerParameters): number[][][][] {
  const [kh, kw, inChannels, filters] = layer.shape;
  return Array.from({ length: filters }, (_, co) =>
    Array.from({ length: inChannels }, (_, ci) =>
      Array.from({ length: kh }, (_, ky) => Array.from({ length: kw }, (_, kx) => layer.kernel[((ky * kw + kx) * inChannels + ci) * filters + co])),
    ),
  );
}
