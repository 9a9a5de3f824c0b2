import { useLayoutEffect, useState } from 'react';
import { useMediaQuery } from './network/canvasHooks';

/** Where the first screen is a grid of fixed slots (styles.css: phones stack and scroll instead). */
const SLOT_LAYOUT_QUERY = '(min-width: 821px)';

/** Whether the first screen's panels sit in fixed slots (desks and projectors, not phones). */
export function useSlotLayout(): boolean {
  return useMediaQuery(SLOT_LAYOUT_QUERY);
}

/** Room left under the content for the margins the children's boxes do not include. */
const FILL_MARGIN = 10;

/** The panel's flexible parts (marked data-fill) by row: parts side by side share one row. */
function fillRows(section: HTMLElement): { rows: number; height: number; top: number } {
  const tallest = new Map<number, number>();
  for (const element of section.querySelectorAll('[data-fill]')) {
    const box = element.getBoundingClientRect();
    const top = Math.round(box.top);
    tallest.set(top, Math.max(tallest.get(top) ?? 0, box.height));
  }
  let height = 0;
  for (const rowHeight of tallest.values()) height += rowHeight;
  return { rows: Math.max(1, tallest.size), height, top: tallest.size === 0 ? 0 : Math.min(...tallest.keys()) };
}

/**
 * Where the panel is: full screen (its own box is the room), or in a first-screen slot (the
 * slot's box is) with everything in view ('slot') or with the picture whole and the notes under
 * it a scroll away inside the slot ('slotPicture').
 */
export type FillPlace = 'fullScreen' | 'slot' | 'slotPicture';

/**
 * The height a panel's flexible part (its charts, the network) takes so the panel's content just
 * fills its room: the screen when full screen, the slot on the first screen. Measured, not guessed:
 * everything else in the panel (header, caption, legends, notes) keeps its natural height at
 * whatever type size is in force, and the flexible parts (marked data-fill) get the rest, never
 * less than `least` ('slotPicture': what the content above them leaves, so they show whole). Null
 * when not `enabled` or before the panel is found in its place: the caller keeps its own size.
 */
export function useFillHeight(panelId: string, enabled: boolean, least: number, place: FillPlace = 'fullScreen'): number | null {
  const [target, setTarget] = useState<number | null>(null);
  const shown = enabled ? target : null;
  useLayoutEffect(() => {
    if (!enabled) {
      setTarget(null);
      return;
    }
    const section = document.querySelector<HTMLElement>(place === 'fullScreen' ? `.panel-maximized[data-panel="${panelId}"]` : `.slot > [data-panel="${panelId}"]:not(.panel-maximized)`);
    const roomBox = place === 'fullScreen' ? section : section?.parentElement;
    if (!section || !roomBox || typeof ResizeObserver !== 'function') return;
    const measure = () => {
      const style = getComputedStyle(section);
      const frame = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + (place !== 'fullScreen' ? parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth) : 0);
      const room = roomBox.clientHeight - frame;
      // The children's own boxes (a range over the contents would also count the text of closed
      // <details>, which Chromium lays out out of sight).
      const boxes = [...section.children].map((child) => child.getBoundingClientRect()).filter((box) => box.height > 0);
      const content = boxes.length === 0 ? 0 : Math.max(...boxes.map((box) => box.bottom)) - Math.min(...boxes.map((box) => box.top));
      const flexible = fillRows(section);
      // 'slotPicture': only what sits above the picture counts; the notes under it (readouts,
      // legends) are a scroll away inside the slot.
      const above = flexible.top - (section.getBoundingClientRect().top + parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth));
      const rest = place === 'slotPicture' ? above : content - flexible.height;
      const next = Math.max(least, Math.floor((room - rest - FILL_MARGIN) / flexible.rows));
      setTarget((previous) => (previous !== null && Math.abs(previous - next) < 3 ? previous : next));
    };
    measure();
    // The panel's box (window resized) and its parts (a legend line added) both change the room.
    const observer = new ResizeObserver(measure);
    observer.observe(roomBox);
    for (const child of section.children) observer.observe(child);
    return () => observer.disconnect();
  }, [panelId, enabled, least, shown, place]);
  return shown;
}
