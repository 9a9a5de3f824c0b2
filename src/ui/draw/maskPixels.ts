/**
 * Dropout masks as pixels: one block per dropout layer, examples as rows and units as columns.
 * Kept units are filled squares; dropped ones are hollow squares with a cross, so the
 * difference is in the shape as well as the colour.
 */
import type { DropoutMaskProbe } from '../../state/viewTypes';
import { createRaster, drawLine, fillRect, type Raster, type Rgb } from './raster';

/** Largest grid drawn per layer (a larger mask shows its top-left corner). */
export const MAX_MASK_UNITS = 32;
export const MAX_MASK_EXAMPLES = 16;

const KEPT: Rgb = [0, 114, 178];
const DROPPED: Rgb = [213, 94, 0];
const BACKGROUND: Rgb = [250, 250, 250];

/** Pixels of one layer's mask, `cell` pixels per unit. */
export function maskPixels(mask: DropoutMaskProbe, cell: number): Raster {
  const units = Math.min(mask.units, MAX_MASK_UNITS);
  const examples = Math.min(mask.examples, MAX_MASK_EXAMPLES);
  const raster = createRaster(Math.max(1, units * cell), Math.max(1, examples * cell), BACKGROUND);
  const inset = Math.max(1, Math.floor(cell / 6));
  for (let example = 0; example < examples; example++) {
    for (let unit = 0; unit < units; unit++) {
      const x = unit * cell;
      const y = example * cell;
      if (mask.kept[example * mask.units + unit]) {
        fillRect(raster, x + inset, y + inset, cell - 2 * inset, cell - 2 * inset, KEPT);
      } else {
        // Hollow square with a cross.
        const left = x + inset;
        const top = y + inset;
        const right = x + cell - inset - 1;
        const bottom = y + cell - inset - 1;
        drawLine(raster, left, top, right, top, 1, DROPPED);
        drawLine(raster, left, bottom, right, bottom, 1, DROPPED);
        drawLine(raster, left, top, left, bottom, 1, DROPPED);
        drawLine(raster, right, top, right, bottom, 1, DROPPED);
        drawLine(raster, left + 1, top + 1, right - 1, bottom - 1, 1, DROPPED);
        drawLine(raster, right - 1, top + 1, left + 1, bottom - 1, 1, DROPPED);
      }
    }
  }
  return raster;
}

/** Fraction of the mask's entries that are dropped. */
export function droppedFraction(mask: DropoutMaskProbe): number {
  let dropped = 0;
  for (const kept of mask.kept) if (!kept) dropped += 1;
  return mask.kept.length === 0 ? 0 : dropped / mask.kept.length;
}
