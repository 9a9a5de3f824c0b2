/**
 * Where a panel's title, caption and graphics go on the exported PNG. Pure (text measuring is
 * injected), so it is tested in Node; pngExport.ts does the drawing.
 */

/** A rectangle in CSS pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The composed image's layout, in CSS pixels. */
export interface PanelImageLayout {
  width: number;
  height: number;
  padding: number;
  /** Baseline of the title. */
  titleY: number;
  captionLines: string[];
  /** Baseline of each caption line. */
  captionY: number[];
  /** Where each graphic goes, in the order given. */
  graphics: Box[];
}

/** Fonts and spacing of the composed image. */
export const PNG_STYLE = {
  padding: 16,
  titleFont: '600 18px system-ui, sans-serif',
  titleLineHeight: 26,
  captionFont: '13px system-ui, sans-serif',
  captionLineHeight: 18,
  gap: 10,
  minContentWidth: 320,
};

/** Splits `text` into lines no wider than `maxWidth` (a single overlong word gets its own line). */
export function wrapText(text: string, maxWidth: number, measure: (text: string) => number): string[] {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(candidate) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Lays out a title, a wrapped caption and the graphics (boxes relative to the panel, keeping their
 * relative positions) on one image. A panel with no graphics (a text panel) is its title and text.
 */
export function layoutPanelImage(_title: string, caption: string, boxes: readonly Box[], measureCaption: (text: string) => number): PanelImageLayout {
  const drawable = boxes.filter((box) => box.width > 0 && box.height > 0);
  const hasGraphics = drawable.length > 0;
  const left = hasGraphics ? Math.min(...drawable.map((box) => box.x)) : 0;
  const top = hasGraphics ? Math.min(...drawable.map((box) => box.y)) : 0;
  const right = hasGraphics ? Math.max(...drawable.map((box) => box.x + box.width)) : 0;
  const bottom = hasGraphics ? Math.max(...drawable.map((box) => box.y + box.height)) : 0;
  const { padding, titleLineHeight, captionLineHeight, gap, minContentWidth } = PNG_STYLE;
  const contentWidth = Math.max(right - left, minContentWidth);
  const captionLines = wrapText(caption, contentWidth, measureCaption);
  const titleY = padding + titleLineHeight * 0.75;
  const captionTop = padding + titleLineHeight;
  const captionY = captionLines.map((_, index) => captionTop + captionLineHeight * (index + 0.75));
  const graphicsTop = captionTop + captionLines.length * captionLineHeight + gap;
  return {
    width: Math.ceil(contentWidth + 2 * padding),
    height: Math.ceil(graphicsTop + (bottom - top) + padding),
    padding,
    titleY,
    captionLines,
    captionY,
    graphics: boxes.map((box) => ({ x: padding + box.x - left, y: graphicsTop + box.y - top, width: box.width, height: box.height })),
  };
}
