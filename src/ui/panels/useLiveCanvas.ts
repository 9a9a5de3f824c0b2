import { useEffect, useRef } from 'react';
import { telemetryStore, type TelemetryState } from '../../state/telemetryStore';

/**
 * Draws a canvas from telemetry without re-rendering React: subscribes to the telemetry store,
 * keeps only the latest state, and draws at most once per animation frame, and only while the
 * canvas is on screen. `draw` must be cheap and pure apart from the canvas.
 */
export function useLiveCanvas(
  draw: (canvas: HTMLCanvasElement, state: TelemetryState) => void,
  dependencies: readonly unknown[] = [],
) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawRef = useRef(draw);
  drawRef.current = draw;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let frame = 0;
    let visible = true;
    let dirty = true;
    const render = () => {
      frame = 0;
      if (!visible || !dirty) return;
      dirty = false;
      drawRef.current(canvas, telemetryStore.getState());
    };
    const request = () => {
      dirty = true;
      if (frame === 0 && visible) frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(render) : (setTimeout(render, 16) as unknown as number);
    };
    const unsubscribe = telemetryStore.subscribe(request);
    let observer: IntersectionObserver | null = null;
    if (typeof IntersectionObserver === 'function') {
      observer = new IntersectionObserver((entries) => {
        visible = entries.some((entry) => entry.isIntersecting);
        if (visible && dirty) request();
      });
      observer.observe(canvas);
    }
    request();
    return () => {
      unsubscribe();
      observer?.disconnect();
      if (frame !== 0 && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    };
    // The caller names what the drawing depends on (like useEffect's own list).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, dependencies);

  return canvasRef;
}

/** Puts an RGBA pixel buffer on a canvas (sized to the buffer). No-op where canvas is missing (jsdom). */
export function putPixels(canvas: HTMLCanvasElement, pixels: Uint8ClampedArray, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  let context: CanvasRenderingContext2D | null;
  try {
    context = canvas.getContext('2d');
  } catch {
    context = null;
  }
  if (!context) return;
  const image = new ImageData(new Uint8ClampedArray(pixels.buffer as ArrayBuffer, pixels.byteOffset, pixels.byteLength), width, height);
  context.putImageData(image, 0, 0);
}
