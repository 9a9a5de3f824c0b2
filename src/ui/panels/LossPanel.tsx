import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTelemetry } from '../../state/telemetryStore';
import { useRun } from '../../state/runStore';
import { Panel } from './Panel';
import { useThrottledHistory } from './useThrottledHistory';

const TRAIN = '#0072B2';
const VALIDATION = '#D55E00';
const PENALTY = '#009E73';

function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (value === 0) return '0';
  return Math.abs(value) < 0.01 || Math.abs(value) >= 1000 ? value.toExponential(0) : String(Number(value.toPrecision(2)));
}

/** Training vs validation data loss, the penalty apart, and the run log's markers. */
export function LossPanel() {
  const epochs = useThrottledHistory();
  const runLog = useTelemetry((state) => state.runLog);
  const bestEpoch = useTelemetry((state) => state.bestEpoch);
  const stops = useTelemetry((state) => state.earlyStopping);
  const task = useRun((state) => state.dataset?.task ?? 'classification');
  const [logScale, setLogScale] = useState(false);
  const data = epochs.map((epoch) => ({
    epoch: epoch.epoch,
    train: epoch.trainLoss,
    validation: epoch.validationLoss,
    penalty: epoch.penalty > 0 ? epoch.penalty : null,
    trainingMode: epoch.trainLossTrainingMode,
  }));
  const positive = (value: number | null) => (value !== null && value > 0 ? value : null);
  const chartData = logScale ? data.map((row) => ({ ...row, train: positive(row.train), validation: positive(row.validation), trainingMode: positive(row.trainingMode) })) : data;
  const latest = epochs[epochs.length - 1];
  return (
    <Panel
      title="Loss and accuracy"
      wide
      caption="Data loss on the training set (blue, solid) and the validation set (orange, dashed). When validation rises while training falls, the network is memorizing. The penalty (green) is shown apart; Keras's reported loss includes it."
      actions={
        <label className="switch compact">
          <input type="checkbox" role="switch" checked={logScale} onChange={(event) => setLogScale(event.target.checked)} />
          <span className="switch-track" aria-hidden="true" />
          <span className="setting-label">Log scale</span>
        </label>
      }
    >
      {() => (
        <>
          {data.length === 0 ? <p className="empty-note">Press Play or Step: one point per finished epoch appears here.</p> : null}
          <div className="chart-box">
            <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 600, height: 260 }}>
              <LineChart data={chartData} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis dataKey="epoch" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }} />
                <YAxis scale={logScale ? 'log' : 'linear'} domain={logScale ? ['auto', 'auto'] : [0, 'auto']} allowDataOverflow tickFormatter={formatTick} width={48} />
                <Tooltip formatter={(value) => (typeof value === 'number' ? value.toPrecision(4) : String(value))} labelFormatter={(label) => `epoch ${label}`} />
                <Legend />
                <Line name="training loss" dataKey="train" stroke={TRAIN} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
                <Line name="validation loss" dataKey="validation" stroke={VALIDATION} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />
                <Line name="penalty" dataKey="penalty" stroke={PENALTY} strokeWidth={1.5} strokeDasharray="2 3" dot={false} isAnimationActive={false} connectNulls />
                {bestEpoch !== null ? <ReferenceLine x={bestEpoch} stroke={VALIDATION} strokeDasharray="2 2" label={{ value: `best ${bestEpoch}`, position: 'top', fontSize: 11 }} /> : null}
                {stops.map((stop) => (
                  <ReferenceLine key={`${stop.step}-${stop.event.type}`} x={stop.event.epoch} stroke="currentColor" label={{ value: stop.event.type === 'stopped' ? 'stop' : 'restored', position: 'insideTopRight', fontSize: 11 }} />
                ))}
                {runLog.map((entry, index) => (
                  <ReferenceLine key={`${entry.step}-${index}`} x={entry.epoch} stroke="#777" strokeDasharray="1 3" label={{ value: entry.label, position: 'insideTopLeft', fontSize: 10, angle: -90 }} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          {latest ? (
            <dl className="figures" aria-label="Latest epoch">
              <div><dt>epoch</dt><dd>{latest.epoch}</dd></div>
              <div><dt>training loss</dt><dd>{latest.trainLoss.toPrecision(4)}</dd></div>
              <div><dt>validation loss</dt><dd>{latest.validationLoss.toPrecision(4)}</dd></div>
              <div><dt>penalty</dt><dd>{latest.penalty.toPrecision(3)}</dd></div>
              {task === 'classification' ? (
                <>
                  <div><dt>training accuracy</dt><dd>{((latest.trainAccuracy ?? 0) * 100).toFixed(1)}%</dd></div>
                  <div><dt>validation accuracy</dt><dd>{((latest.validationAccuracy ?? 0) * 100).toFixed(1)}%</dd></div>
                </>
              ) : (
                <>
                  <div><dt>training RMSE</dt><dd>{(latest.trainRmse ?? 0).toPrecision(3)}</dd></div>
                  <div><dt>validation RMSE</dt><dd>{(latest.validationRmse ?? 0).toPrecision(3)}</dd></div>
                </>
              )}
              <div><dt>loss in training mode</dt><dd>{latest.trainLossTrainingMode.toPrecision(4)}</dd></div>
            </dl>
          ) : null}
        </>
      )}
    </Panel>
  );
}
