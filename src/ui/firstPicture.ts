/**
 * Whether the first screen's picture (the decision boundary, with the network's first prediction)
 * has been drawn in this page. The other views (the loss chart with recharts, the network, the
 * inspector's tab) wait for it before they load their code and render: on two cores their
 * loading competed with the boundary's first draw on the main thread, and the boundary is what
 * "ready" means. They follow a moment later. A page whose picture is not the boundary, or whose
 * boundary cannot draw (hidden, no canvas), goes on after FALLBACK_MS at most.
 */
import { useSyncExternalStore } from 'react';

/** The most the other views wait for the picture. */
export const FALLBACK_MS = 1000;

let drawn = false;
const listeners = new Set<() => void>();

/** Says the picture is drawn (once per page; later calls do nothing). */
export function markFirstPictureDrawn(): void {
  if (drawn) return;
  drawn = true;
  for (const listener of [...listeners]) listener();
}

/** Lets the other views go on after FALLBACK_MS whatever happens to the picture; returns a cancel. */
export function markFirstPictureDrawnLater(): () => void {
  if (drawn) return () => {};
  const timer = setTimeout(markFirstPictureDrawn, FALLBACK_MS);
  return () => clearTimeout(timer);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True once the first picture is drawn (or the wait is over). */
export function useFirstPictureDrawn(): boolean {
  return useSyncExternalStore(subscribe, () => drawn, () => drawn);
}
