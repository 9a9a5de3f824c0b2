import { useRun } from '../../state/runStore';
import { reset, step, togglePlay } from '../../state/runController';

/** Play/Pause, Step and Reset: the header's run controls. */
export function RunControls() {
  const phase = useRun((state) => state.phase);
  const connected = useRun((state) => state.connection === 'ready');
  const running = phase === 'running';
  return (
    <div className="run-controls" role="group" aria-label="Run controls">
      <button
        type="button"
        className="primary play-button"
        onClick={togglePlay}
        disabled={!connected}
        aria-keyshortcuts="Space"
        title={running ? 'Pause (space)' : 'Play (space)'}
      >
        <span aria-hidden="true" className="icon">{running ? '❚❚' : '▶'}</span>
        {running ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => step('batch')} disabled={!connected} aria-keyshortcuts="ArrowRight" title="One minibatch (→)">
        <span aria-hidden="true" className="icon">⏵|</span>
        Step
      </button>
      <button type="button" onClick={() => reset()} disabled={!connected} aria-keyshortcuts="r" title="Back to step 0, same seed (r)">
        <span aria-hidden="true" className="icon">↺</span>
        Reset
      </button>
    </div>
  );
}
