/**
 * Small hooks the Network, Weight histograms, Gradient norms and Batch normalization panels share:
 * the canvas ink for the current theme, an element's width, reduced motion, on-screen visibility,
 * and the latest snapshot at a bounded rate for text that changes with training.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useUi } from '../../../state/uiStore';
import { telemetryStore, type TelemetryState } from '../../../state/telemetryStore';
import { DARK_INK, LIGHT_INK, type Ink } from '../../draw/histogramPixels';
import { useLiveCanvas } from '../useLiveCanvas';
import './ink.css';

/** Whether a media query matches, following changes (false where matchMedia is missing). */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

/** The user asked for less motion: show steady summaries instead of changing pictures. */
export function useReducedMotion(): boolean {
  return useMediaQuery('(prefers-reduced-motion: reduce)');
}

/** The ink canvases draw with: light or dark (forced or from the system), thicker in projector mode. */
export function useInk(): Ink {
  const theme = useUi((state) => state.theme);
  const projector = useUi((state) => state.projector);
  const systemDark = useMediaQuery('(prefers-color-scheme: dark)');
  const dark = theme === 'dark' || (theme === 'auto' && systemDark);
  return useMemo(() => {
    const base = dark ? DARK_INK : LIGHT_INK;
    return projector ? { ...base, stroke: 2, muted: base.text } : base;
  }, [dark, projector]);
}

/** Device pixels per CSS pixel for canvases (capped at 2: sharper is not worth the pixels). */
export function pixelRatio(): number {
  const ratio = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  return Math.min(2, ratio);
}

/** The content width of an element in CSS pixels, following resizes (`fallback` without ResizeObserver, as in jsdom). */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver !== 'function') return;
    const measure = () => {
      const next = Math.floor(element.clientWidth);
      if (next > 0) setWidth((previous) => (Math.abs(previous - next) >= 1 ? next : previous));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** Whether an element is on screen (true where IntersectionObserver is missing). */
export function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver !== 'function') return;
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((entry) => entry.isIntersecting)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return visible;
}

/**
 * The telemetry state, refreshed at most every `intervalMs` (trailing, so the last change always
 * shows): for figures and screen-reader summaries that need not follow every snapshot.
 */
export function useTelemetryEvery(intervalMs: number): TelemetryState {
  const [state, setState] = useState(() => telemetryStore.getState());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const refresh = () => {
      timer = null;
      last = Date.now();
      setState(telemetryStore.getState());
    };
    setState(telemetryStore.getState());
    const unsubscribe = telemetryStore.subscribe(() => {
      if (timer !== null) return;
      timer = setTimeout(refresh, Math.max(0, intervalMs - (Date.now() - last)));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [intervalMs]);
  return state;
}

/** What a throttled draw gets besides the canvas and state: a way to ask for another draw later. */
export type RedrawIn = (delayMs: number) => void;

/**
 * useLiveCanvas at a bounded rate: telemetry alone redraws at most every `intervalMs`, the last
 * change always drawn (trailing); a change of `dependencies` (hover, size, theme) draws at once.
 * `draw` may call `redrawIn(ms)` to be called again later (e.g. to show a mask it held back).
 */
export function useThrottledCanvas(
  draw: (canvas: HTMLCanvasElement, state: TelemetryState, redrawIn: RedrawIn) => void,
  dependencies: readonly unknown[],
  intervalMs: number,
) {
  const [tick, setTick] = useState(0);
  const memo = useRef<{ time: number; dependencies: readonly unknown[]; timer: ReturnType<typeof setTimeout> | null }>({ time: -Infinity, dependencies: [], timer: null });
  useEffect(
    () => () => {
      if (memo.current.timer !== null) clearTimeout(memo.current.timer);
      memo.current.timer = null;
    },
    [],
  );
  return useLiveCanvas(
    (canvas, state) => {
      const current = memo.current;
      const now = typeof performance === 'object' ? performance.now() : Date.now();
      const redrawIn: RedrawIn = (delayMs) => {
        if (current.timer !== null) return;
        current.timer = setTimeout(() => {
          current.timer = null;
          setTick((value) => value + 1);
        }, Math.max(0, delayMs));
      };
      const changed = current.dependencies.length !== dependencies.length || dependencies.some((value, index) => value !== current.dependencies[index]);
      if (!changed && now - current.time < intervalMs) {
        redrawIn(intervalMs - (now - current.time));
        return;
      }
      current.time = now;
      current.dependencies = dependencies;
      draw(canvas, state, redrawIn);
    },
    [...dependencies, tick],
  );
}
