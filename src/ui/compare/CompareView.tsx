import { memo, useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { compareHistories, compareStore, pauseBoth, playBoth, resetBoth, stepBoth, stopCompare, useCompare, type CompareSideState } from '../../state/compareController';
import { boundaryPixels } from '../draw/boundaryPixels';
import { putPixels } from '../panels/useLiveCanvas';
import { constantPredictorLoss, diagnose, verdictName } from '../panels/diagnosis/diagnose';
import { steadyCompareVerdict } from '../../state/compareVerdict';
import { decimateEpochs, CHART_INTERVAL_MS, CHART_MAX_POINTS } from '../panels/useThrottledHistory';
import type { EpochMetrics } from '../../state/viewTypes';
import { CompareLessonCheck } from './CompareLessonCheck';
import { useUi } from '../../state/uiStore';

const TRAIN = '#0072B2';
const VALIDATION = '#D55E00';
const BOUNDARY_SIZE = 300;

/** Both sides and their histories, refreshed at a bounded rate (telemetry arrives far faster). */
function useThrottledCompare(): { a: CompareSideState; b: CompareSideState; epochsA: EpochMetrics[]; epochsB: EpochMetrics[] } {
  const read = () => {
    const state = compareStore.getState();
    return { a: state.a, b: state.b, epochsA: compareHistories.a.values().slice(), epochsB: compareHistories.b.values().slice() };
  };
  const [snapshot, setSnapshot] = useState(read);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = compareStore.subscribe(() => {
      if (timer === null)
        timer = setTimeout(() => {
          timer = null;
          setSnapshot(read());
        }, CHART_INTERVAL_MS);
    });
    setSnapshot(read());
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  return snapshot;
}

function SideBoundary({ name, side }: { name: string; side: CompareSideState }) {
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (!canvas || !side.dataset) return;
    const raster = boundaryPixels(side.dataset, side.grid, { size: BOUNDARY_SIZE, discretize: false, showTrain: true, showValidation: true });
    if (raster) putPixels(canvas, raster.pixels, raster.width, raster.height);
  }, [canvas, side.dataset, side.grid]);
  if (!side.dataset?.domain) return null;
  return <canvas ref={setCanvas} width={BOUNDARY_SIZE} height={BOUNDARY_SIZE} className="boundary-canvas" role="img" aria-label={`Run ${name}: prediction over the plane`} />;
}

function SideDiagnosis({ side, epochs }: { side: CompareSideState; epochs: readonly EpochMetrics[] }) {
  if (!side.dataset) return null;
  const constantLoss = constantPredictorLoss(side.dataset.task, side.dataset.trainTargets, side.dataset.outputSize);
  const result = diagnose({ epochs, task: side.dataset.task, constantLoss });
  return (
    <p className="compare-diagnosis">
      <strong>{verdictName(result.verdict)}</strong>: {result.reason}
    </p>
  );
}

/**
 * Both runs' losses overlaid. Memoized on the (throttled) histories: the sides' state changes with
 * every telemetry message, and a recharts update costs several milliseconds.
 */
const CompareChart = memo(function CompareChart({ a, b }: { a: readonly EpochMetrics[]; b: readonly EpochMetrics[] }) {
  // Projector mode draws the ticks at 20 px (classroom.css): the y axis needs the room.
  const axisWidth = useUi((state) => state.projector) ? 68 : 48;
  const rows = new Map<number, Record<string, number>>();
  for (const [key, epochs] of [['a', decimateEpochs(a, CHART_MAX_POINTS)], ['b', decimateEpochs(b, CHART_MAX_POINTS)]] as const) {
    for (const epoch of epochs) {
      const row = rows.get(epoch.epoch) ?? { epoch: epoch.epoch };
      row[`${key}Train`] = epoch.trainLoss;
      row[`${key}Validation`] = epoch.validationLoss;
      rows.set(epoch.epoch, row);
    }
  }
  const data = [...rows.values()].sort((left, right) => left.epoch - right.epoch);
  return (
    <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 600, height: 260 }}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis dataKey="epoch" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
        <YAxis domain={[0, 'auto']} width={axisWidth} tickFormatter={(value: number) => String(Number(value.toPrecision(2)))} />
        <Tooltip formatter={(value) => (typeof value === 'number' ? value.toPrecision(4) : String(value))} labelFormatter={(value) => `epoch ${value}`} />
        <Legend />
        <Line name="A training" dataKey="aTrain" stroke={TRAIN} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
        <Line name="A validation" dataKey="aValidation" stroke={VALIDATION} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
        <Line name="B training" dataKey="bTrain" stroke={TRAIN} strokeDasharray="6 3" dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
        <Line name="B validation" dataKey="bValidation" stroke={VALIDATION} strokeDasharray="6 3" dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** Two runs side by side: curves overlaid, boundaries side by side, each diagnosed, and a verdict with numbers. */
export function CompareView() {
  const label = useCompare((state) => state.label);
  const lessonId = useCompare((state) => state.lessonId);
  const { a, b, epochsA, epochsB } = useThrottledCompare();
  const histories = { a: epochsA, b: epochsB };
  const running = a.phase === 'running' || b.phase === 'running';
  const verdict = steadyCompareVerdict(histories.a, histories.b, label)?.text ?? null;
  return (
    // data-drawn-epochs: the epochs this throttled render drew (tests wait on it, not on the clock).
    <section className="panel wide compare" role="region" aria-label="Comparison" data-drawn-epochs={`${a.epoch},${b.epoch}`}>
      <div className="panel-header">
        <h2>Compare: A ({lessonId ? 'the lesson’s preset' : 'your settings'}) vs B ({label})</h2>
        <div className="panel-actions">
          <button type="button" className="primary" onClick={running ? pauseBoth : playBoth}>{running ? 'Pause both' : 'Play both'}</button>
          <button type="button" onClick={() => stepBoth('epoch')}>One epoch each</button>
          <button type="button" onClick={resetBoth}>Reset both</button>
          <button type="button" onClick={stopCompare}>Close comparison</button>
        </div>
      </div>
      <p role="status" aria-label="Comparison verdict" className="compare-verdict">
        {verdict ?? `Epoch ${a.epoch} vs ${b.epoch}: play both runs for a few epochs to compare them.`}
      </p>
      {lessonId ? <CompareLessonCheck lessonId={lessonId} a={a} b={b} epochsA={histories.a} epochsB={histories.b} /> : null}
      {a.error || b.error ? <p role="alert" className="setting-error">{a.error ?? b.error}</p> : null}
      {[a.restartNotice, b.restartNotice].filter((notice) => notice !== null).map((notice) => (
        <p key={notice} role="alert" className="setting-error">{notice}</p>
      ))}
      <CompareChart a={histories.a} b={histories.b} />
      {/* Under the chart it explains: the verdict and the curves come first on a projector's screen. */}
      <p className="panel-caption">
        Same seed, data, initial weights and batch order; only B’s change differs. Each run trains in its own worker. Solid lines: A; dashed: B. Blue: training loss; orange: validation loss.
      </p>
      <div className="compare-sides">
        {([['A', a, histories.a], ['B', b, histories.b]] as const).map(([name, side, epochs]) => (
          <figure key={name} className="compare-side">
            <figcaption>
              <strong>Run {name}</strong> {name === 'B' ? `(${label})` : lessonId ? '(the lesson’s preset)' : '(your settings)'} · epoch {side.epoch} · {side.phase === 'running' ? 'training' : side.phase}
              {side.latest ? ` · validation loss ${side.latest.validationLoss.toFixed(3)}` : ''}
            </figcaption>
            <SideBoundary name={name} side={side} />
            <SideDiagnosis side={side} epochs={epochs} />
          </figure>
        ))}
      </div>
    </section>
  );
}
