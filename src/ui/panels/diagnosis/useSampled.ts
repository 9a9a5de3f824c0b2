/**
 * Bounded-rate, visibility-aware reads of the live stores for React-rendered panels (charts,
 * tables, captions). Shared by the loss, diagnosis, boundary and digits panels.
 */
import { startTransition, useEffect, useRef, useState, type RefObject } from 'react';
import { telemetryStore } from '../../../state/telemetryStore';
import { runStore } from '../../../state/runStore';

/** Options of `useSampled`. */
export interface SampleOptions {
  /** At most one refresh per this many milliseconds. */
  intervalMs: number;
  /** Refresh only while this element is on screen (no element: always). */
  visibilityRef?: RefObject<Element | null>;
  /**
   * Render the refresh as a transition: React renders it in slices of a few ms, yielding to
   * frames and input, instead of one long task (for costly renders such as charts).
   */
  transition?: boolean;
  /**
   * Shifts this reader's refreshes by this many ms after the first one, so two charts with
   * related intervals (e.g. 400 and 800 ms) never render in the same task.
   */
  phaseMs?: number;
}

/**
 * Returns `read()` of the current stores, refreshed when the telemetry or run store changes, at
 * most every `intervalMs`, and only while the panel is on screen: an off-screen or collapsed
 * panel does no work, and catches up when it scrolls back into view. `read` must be cheap; it is
 * called outside React's render, on a timer. `dependencies` re-read at once when they change.
 */
export function useSampled<T>(read: () => T, options: SampleOptions, dependencies: readonly unknown[] = []): T {
  const [value, setValue] = useState<T>(read);
  const readRef = useRef(read);
  readRef.current = read;
  const { intervalMs, visibilityRef, transition = false, phaseMs = 0 } = options;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastRefresh = 0;
    let visible = true;
    let dirty = false;
    const refresh = () => {
      timer = null;
      if (!visible) return;
      dirty = false;
      lastRefresh = Date.now();
      const next = readRef.current();
      if (transition) startTransition(() => setValue(next));
      else setValue(next);
    };
    const request = () => {
      dirty = true;
      if (timer !== null || !visible) return;
      timer = setTimeout(refresh, Math.max(0, intervalMs - (Date.now() - lastRefresh)));
    };
    const unsubscribeTelemetry = telemetryStore.subscribe(request);
    const unsubscribeRun = runStore.subscribe(request);
    let observer: IntersectionObserver | null = null;
    const element = visibilityRef?.current;
    if (element && typeof IntersectionObserver === 'function') {
      observer = new IntersectionObserver((entries) => {
        visible = entries.some((entry) => entry.isIntersecting);
        if (visible && dirty) request();
      });
      observer.observe(element);
    }
    // Dependencies changed (or first mount): read now.
    refresh();
    lastRefresh += phaseMs;
    return () => {
      unsubscribeTelemetry();
      unsubscribeRun();
      observer?.disconnect();
      if (timer !== null) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [intervalMs, visibilityRef, transition, phaseMs, ...dependencies]);

  return value;
}
