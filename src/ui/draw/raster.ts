/**
 * A tiny RGBA rasterizer for panels drawn as pixel buffers: pure functions on a Uint8ClampedArray,
 * so drawing is tested in Node (jsdom has no canvas) and shown with putImageData in the browser.
 */

/** An RGBA pixel buffer. */
export interface Raster {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
}

/** RGB colour, 0..255 each. */
export type Rgb = readonly [number, number, number];

/** A new raster filled with one colour. */
export function createRaster(width: number, height: number, fill: Rgb = [255, 255, 255]): Raster {
  const pixels = new Uint8ClampedArray(width * height * 4);
  if (width * height === 0) return { width, height, pixels };
  pixels[0] = fill[0];
  pixels[1] = fill[1];
  pixels[2] = fill[2];
  pixels[3] = 255;
  // One 32-bit word per pixel, copied from the first (whatever the byte order): a fill, not a loop.
  const words = new Uint32Array(pixels.buffer);
  words.fill(words[0]);
  return { width, height, pixels };
}

/** Blends `colour` over one pixel with opacity `alpha` (0..1). */
export function blendPixel(raster: Raster, x: number, y: number, colour: Rgb, alpha = 1): void {
  const px = Math.round(x);
  const py = Math.round(y);
  if (px < 0 || py < 0 || px >= raster.width || py >= raster.height) return;
  const offset = (py * raster.width + px) * 4;
  const pixels = raster.pixels;
  pixels[offset] = pixels[offset] + (colour[0] - pixels[offset]) * alpha;
  pixels[offset + 1] = pixels[offset + 1] + (colour[1] - pixels[offset + 1]) * alpha;
  pixels[offset + 2] = pixels[offset + 2] + (colour[2] - pixels[offset + 2]) * alpha;
}

/** Fills an axis-aligned rectangle. */
export function fillRect(raster: Raster, x: number, y: number, width: number, height: number, colour: Rgb): void {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(raster.width, Math.floor(x + width));
  const y1 = Math.min(raster.height, Math.floor(y + height));
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) {
      const offset = (py * raster.width + px) * 4;
      raster.pixels[offset] = colour[0];
      raster.pixels[offset + 1] = colour[1];
      raster.pixels[offset + 2] = colour[2];
      raster.pixels[offset + 3] = 255;
    }
  }
}

/** A filled disc of radius r (anti-aliased edge). */
export function fillCircle(raster: Raster, cx: number, cy: number, radius: number, colour: Rgb): void {
  const reach = Math.ceil(radius + 1);
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const distance = Math.hypot(dx, dy);
      const coverage = Math.min(1, Math.max(0, radius + 0.5 - distance));
      if (coverage > 0) blendPixel(raster, cx + dx, cy + dy, colour, coverage);
    }
  }
}

/** A ring of radius r and the given line width (anti-aliased). */
export function strokeCircle(raster: Raster, cx: number, cy: number, radius: number, lineWidth: number, colour: Rgb): void {
  const reach = Math.ceil(radius + lineWidth + 1);
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const distance = Math.abs(Math.hypot(dx, dy) - radius);
      const coverage = Math.min(1, Math.max(0, lineWidth / 2 + 0.5 - distance));
      if (coverage > 0) blendPixel(raster, cx + dx, cy + dy, colour, coverage);
    }
  }
}

/** A line segment of the given width (distance-based anti-aliasing). */
export function drawLine(raster: Raster, x0: number, y0: number, x1: number, y1: number, lineWidth: number, colour: Rgb): void {
  const minX = Math.floor(Math.min(x0, x1) - lineWidth);
  const maxX = Math.ceil(Math.max(x0, x1) + lineWidth);
  const minY = Math.floor(Math.min(y0, y1) - lineWidth);
  const maxY = Math.ceil(Math.max(y0, y1) + lineWidth);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSquared = dx * dx + dy * dy || 1;
  for (let py = Math.max(0, minY); py <= Math.min(raster.height - 1, maxY); py++) {
    for (let px = Math.max(0, minX); px <= Math.min(raster.width - 1, maxX); px++) {
      const t = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / lengthSquared));
      const distance = Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
      const coverage = Math.min(1, Math.max(0, lineWidth / 2 + 0.5 - distance));
      if (coverage > 0) blendPixel(raster, px, py, colour, coverage);
    }
  }
}

/** Parses "#rrggbb". */
export function hexToRgb(hex: string): Rgb {
  const value = parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
