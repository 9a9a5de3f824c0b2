import { describe, expect, it } from 'vitest';
import { fileSlug } from '../../../src/ui/export/download';
import { layoutPanelImage, PNG_STYLE, wrapText } from '../../../src/ui/export/pngLayout';

/** A fixed-width font: 7 px per character. */
const measure = (text: string) => text.length * 7;

describe('PNG layout', () => {
  it('wraps a caption to the content width', () => {
    expect(wrapText('one two three four', 7 * 9, measure)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('', 100, measure)).toEqual([]);
    expect(wrapText('averyveryverylongword short', 35, measure)).toEqual(['averyveryverylongword', 'short']);
  });

  it('keeps the graphics\' relative places below the title and caption', () => {
    const layout = layoutPanelImage('Loss', 'Training and validation loss per epoch.', [
      { x: 20, y: 80, width: 400, height: 200 },
      { x: 20, y: 290, width: 100, height: 20 },
    ], measure);
    const { padding } = PNG_STYLE;
    expect(layout.graphics[0].x).toBe(padding);
    expect(layout.graphics[1].x).toBe(padding);
    expect(layout.graphics[1].y - layout.graphics[0].y).toBe(210);
    expect(layout.graphics[0].y).toBeGreaterThan(layout.captionY.at(-1)!);
    expect(layout.width).toBe(400 + 2 * padding);
    expect(layout.height).toBeGreaterThanOrEqual(layout.graphics[1].y + 20 + padding);
    expect(layout.captionLines.join(' ')).toBe('Training and validation loss per epoch.');
  });

  it('gives small panels a minimum width and refuses a panel with nothing drawn', () => {
    expect(layoutPanelImage('Tiny', '', [{ x: 0, y: 0, width: 10, height: 10 }], measure).width).toBe(PNG_STYLE.minContentWidth + 2 * PNG_STYLE.padding);
    const textOnly = layoutPanelImage('Empty', 'caption', [{ x: 0, y: 0, width: 0, height: 0 }], measure);
    expect(textOnly.captionLines).toEqual(['caption']);
    expect(textOnly.height).toBeGreaterThan(0);
  });

  it('names files by slug', () => {
    expect(fileSlug('Decision boundary')).toBe('decision-boundary');
    expect(fileSlug('Weights: L1 & L2!')).toBe('weights-l1-l2');
    expect(fileSlug('***')).toBe('panel');
  });
});
