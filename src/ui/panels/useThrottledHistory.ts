import { useEffect, useState } from 'react';
import type { EpochMetrics } from '../../state/viewTypes';
import { decimateByEpoch } from '../../state/epochDecimation';
import { history, telemetryStore } from '../../state/telemetryStore';

/** Charts redraw at most this often: one recharts update costs several ms of main thread. */
export const CHART_INTERVAL_MS = 200;
/** Points per series a chart draws at most. */
export const CHART_MAX_POINTS = 400;

/** Charts thin a history evenly over its epoch range, keeping spikes (see epochDecimation). */
export const decimateEpochs = decimateByEpoch;

/**
 * The metric history for a chart, refreshed at most every CHART_INTERVAL_MS and decimated to
 * CHART_MAX_POINTS, so a chart costs a bounded amount of main thread whatever the training speed.
 */
export function useThrottledHistory(): EpochMetrics[] {
  const [epochs, setEpochs] = useState<EpochMetrics[]>(() => decimateEpochs(history.values(), CHART_MAX_POINTS));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastUpdate = 0;
    const refresh = () => {
      timer = null;
      lastUpdate = Date.now();
      setEpochs(decimateEpochs(history.values(), CHART_MAX_POINTS));
    };
    const unsubscribe = telemetryStore.subscribe((state, previous) => {
      if (state.historyVersion === previous.historyVersion || timer !== null) return;
      const wait = Math.max(0, CHART_INTERVAL_MS - (Date.now() - lastUpdate));
      timer = setTimeout(refresh, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  return epochs;
}
