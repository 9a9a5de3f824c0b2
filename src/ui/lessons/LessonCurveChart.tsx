import type { LessonCurve } from './types';
import { formatTimes, formatValue } from './format';

const WIDTH = 240;
const HEIGHT = 110;
const PAD = { left: 34, right: 8, top: 8, bottom: 26 };

/**
 * A small line chart of a check's measured points (batch norm: speed-up at each target loss),
 * with a dashed reference line; each point is also listed in the accessible name, so the chart
 * is never the only carrier of the numbers.
 */
export function LessonCurveChart({ curve }: { curve: LessonCurve }) {
  const measured = curve.points.filter((point): point is { x: number; y: number } => point.y !== null && Number.isFinite(point.y));
  if (measured.length === 0) return null;
  const xs = curve.points.map((point) => point.x);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yMax = Math.max(curve.reference ?? 0, ...measured.map((point) => point.y)) * 1.1;
  const x = (value: number) => PAD.left + ((xMax - value) / (xMax - xMin || 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => HEIGHT - PAD.bottom - (value / (yMax || 1)) * (HEIGHT - PAD.top - PAD.bottom);
  const description = `${curve.label}: ${curve.points.map((point) => `${formatValue(point.x)}: ${point.y === null ? 'not reached' : formatTimes(point.y)}`).join(', ')}.`;
  return (
    <svg className="lesson-curve" role="img" aria-label={description} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT}>
      {curve.reference !== undefined ? <line className="lesson-curve-reference" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(curve.reference)} y2={y(curve.reference)} strokeDasharray="4 3" /> : null}
      <polyline className="lesson-curve-line" fill="none" points={measured.map((point) => `${x(point.x)},${y(point.y)}`).join(' ')} />
      {measured.map((point) => (
        <circle key={point.x} className="lesson-curve-point" cx={x(point.x)} cy={y(point.y)} r={3} />
      ))}
      {curve.points.map((point) => (
        <text key={point.x} x={x(point.x)} y={HEIGHT - PAD.bottom + 12} textAnchor="middle" className="lesson-curve-tick">
          {formatValue(point.x)}
        </text>
      ))}
      <text x={PAD.left} y={HEIGHT - 2} className="lesson-curve-axis">
        {curve.xLabel} →
      </text>
      <text x={2} y={PAD.top + 8} className="lesson-curve-axis">
        {formatTimes(yMax / 1.1)}
      </text>
    </svg>
  );
}
