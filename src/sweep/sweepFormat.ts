/** Numbers of a sweep as people read them: values of the swept setting and figures of the runs. */

/** A swept value: short, exact enough to tell the values apart (1e-5 → "0.00001", 0.0001778 → "0.000178"). */
export function formatSweepValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 0.0001) return value.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(3)));
}

/** A loss, accuracy or RMSE in the table and tooltips (4 significant digits; "diverged" for infinity). */
export function formatFigure(value: number | null | undefined, percent = false): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return 'diverged';
  if (percent) return `${(value * 100).toFixed(1)}%`;
  return value < 0.001 ? value.toExponential(2) : value.toPrecision(4);
}

/** "2 min 5 s", "40 s", "< 1 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 1000) return '< 1 s';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
