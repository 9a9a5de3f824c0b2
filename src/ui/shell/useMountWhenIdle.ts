import { useEffect, useState } from 'react';

/**
 * Whether a part of the page that nobody sees at first (the closed settings drawer) is rendered:
 * at once when it is `wanted`, otherwise once `settled` (the first screen is up) and the browser
 * is next idle; then for good. Rendered in the first pass, the drawer's controls (and the CSV
 * picker's chunk they pull in) held up the first screen on its way to ready.
 */
export function useMountWhenIdle(wanted: boolean, settled: boolean): boolean {
  const [idleReached, setIdleReached] = useState(false);
  useEffect(() => {
    if (!settled || idleReached) return;
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(() => setIdleReached(true), { timeout: 1000 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(() => setIdleReached(true), 0);
    return () => clearTimeout(timer);
  }, [settled, idleReached]);
  const [mounted, setMounted] = useState(wanted);
  if ((wanted || idleReached) && !mounted) setMounted(true);
  return mounted || wanted || idleReached;
}
