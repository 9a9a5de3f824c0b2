/**
 * Colours for data. Okabe-Ito for classes and series; a blue-white-orange diverging ramp (as
 * TensorFlow Playground's, colour-blind safe) for signed values and class probabilities.
 */
import { hexToRgb, type Rgb } from './raster';

/** Okabe-Ito colours, class 0 first. */
export const CLASS_COLOURS: readonly Rgb[] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#999999', '#882255'].map(hexToRgb);

const NEGATIVE: Rgb = [0, 114, 178];
const MIDDLE: Rgb = [247, 247, 247];
const POSITIVE: Rgb = [230, 159, 0];

/** Diverging ramp: t in [-1, 1] -> blue (negative) .. white .. orange (positive). */
export function diverging(t: number): Rgb {
  const clamped = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const end = clamped < 0 ? NEGATIVE : POSITIVE;
  const weight = Math.abs(clamped);
  return [MIDDLE[0] + (end[0] - MIDDLE[0]) * weight, MIDDLE[1] + (end[1] - MIDDLE[1]) * weight, MIDDLE[2] + (end[2] - MIDDLE[2]) * weight];
}

/** A 256-entry lookup table of the diverging ramp, index = round((t + 1) * 127.5). */
export const DIVERGING_LUT: readonly Rgb[] = Array.from({ length: 256 }, (_, index) => diverging(index / 127.5 - 1));

/** Mixes a class colour toward white by (1 - strength), for probability shading. */
export function tint(colour: Rgb, strength: number): Rgb {
  const s = Math.max(0, Math.min(1, strength));
  return [255 + (colour[0] - 255) * s, 255 + (colour[1] - 255) * s, 255 + (colour[2] - 255) * s];
}
