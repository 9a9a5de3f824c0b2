import { restoreBestWeights, setSpeed } from '../../state/runController';
import { chosenPace } from '../../state/pace';
import { useRun } from '../../state/runStore';
import { useState } from 'react';

const SPEEDS: { label: string; value: number | null }[] = [
  { label: 'As fast as possible', value: null },
  { label: '1,000 steps a second', value: 1000 },
  { label: '250 steps a second (default)', value: 250 },
  { label: '100 steps a second', value: 100 },
  { label: '10 steps a second', value: 10 },
];

/** "Restore best weights" (early stopping's memory, on demand). */
export function RestoreBestButton() {
  const bestEpoch = useRun((state) => state.bestEpoch);
  return (
    <div className="setting">
      <button type="button" onClick={restoreBestWeights} disabled={bestEpoch === null}>
        Restore best weights
      </button>
      <p className="setting-help">
        {bestEpoch === null ? 'Available once early stopping has seen an epoch.' : `Go back to the weights of epoch ${bestEpoch}, the lowest validation loss so far.`}
      </p>
    </div>
  );
}

/** The training pace. */
export function SpeedControl() {
  const [speed, setLocalSpeed] = useState<string>(() => String(chosenPace().stepsPerSecond ?? 'max'));
  return (
    <div className="setting">
      <label htmlFor="speed" className="setting-label">Speed</label>
      <select
        id="speed"
        value={speed}
        onChange={(event) => {
          setLocalSpeed(event.target.value);
          setSpeed(event.target.value === 'max' ? null : Number(event.target.value));
        }}
      >
        {SPEEDS.map((option) => (
          <option key={option.label} value={option.value === null ? 'max' : String(option.value)}>{option.label}</option>
        ))}
      </select>
      <p className="setting-help">Slow it down to watch single steps.</p>
    </div>
  );
}
