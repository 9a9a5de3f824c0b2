import { useLayoutEffect, useState } from 'react';

/** Room left under the content for the margins the children's boxes do not include. */
const FILL_MARGIN = 10;

/** The panel's flexible parts (marked data-fill) by row: parts side by side share one row. */
function fillRows(section: HTMLElement): { rows: number; height: number } {
  const tallest = new Map<number, number>();
  for (const element of section.querySelectorAll('[data-fill]')) {
    const box = element.getBoundingClientRect();
    const top = Math.round(box.top);
    tallest.set(top, Math.max(tallest.get(top) ?? 0, box.height));
  }
  let height = 0;
  for (const rowHeight of tallest.values()) height += rowHeight;
  return { rows: Math.max(1, tallest.size), height };
}

/**
 * Full screen: the height a panel's flexible part (its charts, the network) takes so the panel's
 * content just fills the panel's box. Measured, not guessed: everything else in the panel (header,
 * caption, legends, notes) keeps its natural height at whatever type size is in force, and the
 * flexible parts (marked data-fill) get the rest, never less than `least`. Returns `least` when
 * not `enabled`.
 */
export function useFillHeight(panelId: string, enabled: boolean, least: number): number {
  const [target, setTarget] = useState<number | null>(null);
  const shown = enabled && target !== null ? target : least;
  useLayoutEffect(() => {
    if (!enabled) {
      setTarget(null);
      return;
    }
    const section = document.querySelector<HTMLElement>(`.panel-maximized[data-panel="${panelId}"]`);
    if (!section || typeof ResizeObserver !== 'function') return;
    const measure = () => {
      const style = getComputedStyle(section);
      const room = section.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      // The children's own boxes (a range over the contents would also count the text of closed
      // <details>, which Chromium lays out out of sight).
      const boxes = [...section.children].map((child) => child.getBoundingClientRect()).filter((box) => box.height > 0);
      const content = boxes.length === 0 ? 0 : Math.max(...boxes.map((box) => box.bottom)) - Math.min(...boxes.map((box) => box.top));
      const flexible = fillRows(section);
      const rest = content - flexible.height;
      const next = Math.max(least, Math.floor((room - rest - FILL_MARGIN) / flexible.rows));
      setTarget((previous) => (previous !== null && Math.abs(previous - next) < 3 ? previous : next));
    };
    measure();
    // The panel's box (window resized) and its parts (a legend line added) both change the room.
    const observer = new ResizeObserver(measure);
    observer.observe(section);
    for (const child of section.children) observer.observe(child);
    return () => observer.disconnect();
  }, [panelId, enabled, least, shown]);
  return shown;
}
