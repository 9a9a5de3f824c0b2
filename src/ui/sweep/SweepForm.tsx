import { useEffect, useId, useState } from 'react';
import { SWEEP_PARAMETERS, SWEEP_PARAMETER_BY_ID, defaultAxis, runCount, type SweepAxis, type SweepParameter, type SweepSpec } from '../../sweep/sweepSpec';
import { SWEEP_PRESETS } from '../../sweep/sweepPresets';
import { cancelSweep, effectivePoolSize, setSweepPoolSize, startSweep } from '../../sweep/sweepController';
import { setSweepSpec } from '../../sweep/sweepMode';
import { useSweep } from '../../sweep/sweepStore';
import { formatDuration } from '../../sweep/sweepFormat';
import { applySettings } from '../../state/runController';
import { checkPreset } from '../../settings/settingsValidation';
import { settingsStore } from '../../state/settingsStore';
import { sweepSources } from './openSweepRun';

/** The text fields of an axis while being edited. */
interface AxisDraft {
  parameter: SweepParameter;
  from: string;
  to: string;
  count: string;
  scale: 'log' | 'linear';
}

function draftOf(axis: SweepAxis): AxisDraft {
  return { parameter: axis.parameter, from: String(axis.from), to: String(axis.to), count: String(axis.count), scale: axis.scale };
}

function axisOf(draft: AxisDraft): SweepAxis {
  return { parameter: draft.parameter, from: Number(draft.from), to: Number(draft.to), count: Number(draft.count), scale: draft.scale };
}

function AxisFields({ draft, onChange, onCommit, title }: { draft: AxisDraft; onChange(next: AxisDraft): void; onCommit(): void; title: string }) {
  const id = useId();
  const row = SWEEP_PARAMETER_BY_ID[draft.parameter];
  return (
    <fieldset className="sweep-axis">
      <legend>{title}</legend>
      <label htmlFor={`${id}-from`}>From</label>
      <input id={`${id}-from`} inputMode="decimal" value={draft.from} onChange={(event) => onChange({ ...draft, from: event.target.value })} onBlur={onCommit} aria-describedby={`${id}-range`} />
      <label htmlFor={`${id}-to`}>To</label>
      <input id={`${id}-to`} inputMode="decimal" value={draft.to} onChange={(event) => onChange({ ...draft, to: event.target.value })} onBlur={onCommit} aria-describedby={`${id}-range`} />
      <label htmlFor={`${id}-count`}>Values</label>
      <input id={`${id}-count`} type="number" min={2} max={20} value={draft.count} onChange={(event) => onChange({ ...draft, count: event.target.value })} onBlur={onCommit} />
      <label htmlFor={`${id}-scale`}>Scale</label>
      <select id={`${id}-scale`} value={draft.scale} onChange={(event) => onChange({ ...draft, scale: event.target.value === 'log' ? 'log' : 'linear' })} onBlur={onCommit}>
        <option value="log">log</option>
        <option value="linear">linear</option>
      </select>
      <small id={`${id}-range`} className="sweep-range">
        {row.label}: {row.min} to {row.max}
      </small>
    </fieldset>
  );
}

/** The sweep's specification, presets, workers, and Run / Cancel with progress and time left. */
export function SweepForm() {
  const spec = useSweep((state) => state.spec);
  const status = useSweep((state) => state.status);
  const completed = useSweep((state) => state.completed);
  const progress = useSweep((state) => state.progress);
  const timeLeftMs = useSweep((state) => state.timeLeftMs);
  const elapsedMs = useSweep((state) => state.elapsedMs);
  const total = useSweep((state) => state.plan?.jobs.length ?? 0);
  const workers = useSweep((state) => state.workers);
  const poolSize = useSweep((state) => state.poolSize);
  const [axes, setAxes] = useState<AxisDraft[]>(() => spec.axes.map(draftOf));
  const [seeds, setSeeds] = useState(String(spec.seeds));
  const [epochs, setEpochs] = useState(String(spec.epochs));
  const [problems, setProblems] = useState<string[]>([]);
  const [preset, setPreset] = useState('');
  // A preset, a link or a normalization changed the spec: show it.
  useEffect(() => {
    setAxes(spec.axes.map(draftOf));
    setSeeds(String(spec.seeds));
    setEpochs(String(spec.epochs));
  }, [spec]);
  const read = (nextAxes = axes): SweepSpec => ({ axes: nextAxes.map(axisOf) as SweepSpec['axes'], seeds: Number(seeds), epochs: Number(epochs) });
  const commit = (nextAxes = axes) => setProblems(setSweepSpec(read(nextAxes)));
  const running = status === 'running';
  const chooseParameter = (index: number, parameter: SweepParameter | '') => {
    const next = axes.slice(0, index);
    if (parameter !== '') next[index] = draftOf(defaultAxis(parameter, index === 0 && axes.length === 1 ? 5 : 4));
    if (index === 0 && axes[1]) next[1] = axes[1];
    setAxes(next);
    commit(next);
  };
  const run = async () => {
    const problemsNow = setSweepSpec(read());
    setProblems(problemsNow);
    try {
      const settings = settingsStore.getState().settings;
      await startSweep(settings, await sweepSources(settings));
    } catch (error) {
      setProblems([error instanceof Error ? error.message : String(error)]);
    }
  };
  return (
    <form
      className="sweep-form"
      aria-label="Sweep specification"
      onSubmit={(event) => {
        event.preventDefault();
        void run();
      }}
    >
      <div className="sweep-form-row">
        <label>
          Preset{' '}
          <select
            value={preset}
            onChange={(event) => {
              const chosen = SWEEP_PRESETS.find((candidate) => candidate.id === event.target.value);
              setPreset(event.target.value);
              if (!chosen) return;
              applySettings(checkPreset(chosen.settings));
              setProblems(setSweepSpec(chosen.spec));
            }}
          >
            <option value="">My own sweep</option>
            {SWEEP_PRESETS.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>{candidate.label}</option>
            ))}
          </select>
        </label>
        <label>
          Setting{' '}
          <select value={axes[0].parameter} onChange={(event) => chooseParameter(0, event.target.value as SweepParameter)}>
            {SWEEP_PARAMETERS.map((row) => (
              <option key={row.id} value={row.id}>{row.label}</option>
            ))}
          </select>
        </label>
        <label>
          Grid with{' '}
          <select value={axes[1]?.parameter ?? ''} onChange={(event) => chooseParameter(1, event.target.value as SweepParameter | '')}>
            <option value="">nothing (a curve)</option>
            {SWEEP_PARAMETERS.filter((row) => row.id !== axes[0].parameter).map((row) => (
              <option key={row.id} value={row.id}>{row.label}</option>
            ))}
          </select>
        </label>
      </div>
      {preset ? <p className="sweep-preset-note">{SWEEP_PRESETS.find((candidate) => candidate.id === preset)?.description}</p> : null}
      <div className="sweep-form-row">
        {axes.map((draft, index) => (
          <AxisFields
            key={index}
            title={SWEEP_PARAMETER_BY_ID[draft.parameter].label}
            draft={draft}
            onChange={(next) => setAxes(axes.map((axis, position) => (position === index ? next : axis)))}
            onCommit={() => commit()}
          />
        ))}
        <fieldset className="sweep-axis">
          <legend>Runs</legend>
          <label>
            Seeds <input type="number" min={1} max={10} value={seeds} onChange={(event) => setSeeds(event.target.value)} onBlur={() => commit()} />
          </label>
          <label>
            Epochs per run <input type="number" min={1} max={2000} value={epochs} onChange={(event) => setEpochs(event.target.value)} onBlur={() => commit()} />
          </label>
          <label>
            Workers <input type="number" min={1} max={16} value={poolSize ?? effectivePoolSize()} onChange={(event) => setSweepPoolSize(event.target.value === '' ? null : Number(event.target.value))} />
          </label>
        </fieldset>
      </div>
      {problems.length > 0 ? (
        <ul className="notice sweep-problems" role="status">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div className="button-row">
        <button type="submit" className="primary" disabled={running}>
          Run sweep ({runCount(spec)} runs)
        </button>
        <button type="button" onClick={cancelSweep} disabled={!running}>
          Cancel sweep
        </button>
      </div>
      {status !== 'idle' ? (
        <div className="sweep-progress">
          <progress aria-label="Sweep progress" max={1} value={progress} />
          <span role="status" aria-live="polite" data-elapsed-ms={Math.round(elapsedMs)} data-status={status}>
            {status === 'running'
              ? `${completed} of ${total} runs · ${timeLeftMs === null ? 'estimating time left' : `about ${formatDuration(timeLeftMs)} left`} · ${workers} worker${workers === 1 ? '' : 's'}`
              : status === 'done'
                ? `Done: ${completed} runs in ${formatDuration(elapsedMs)} with ${workers} worker${workers === 1 ? '' : 's'}`
                : `Cancelled after ${completed} of ${total} runs`}
          </span>
        </div>
      ) : null}
    </form>
  );
}
