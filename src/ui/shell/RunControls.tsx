import { useRun } from '../../state/runStore';
import { compareReady, compareRunning, useCompare } from '../../state/compareController';
import { resetShown, stepShown, togglePlayShown } from '../../state/shownRun';

/** Whether the shown runs train and can be controlled: both compare runs while comparing, else the main run. */
function useShownRun(): { running: boolean; connected: boolean; comparing: boolean } {
  const phase = useRun((state) => state.phase);
  const mainConnected = useRun((state) => state.connection === 'ready');
  const comparing = useCompare((state) => state.active);
  const compareIsRunning = useCompare((state) => compareRunning(state));
  const compareConnected = useCompare((state) => compareReady(state));
  return comparing ? { running: compareIsRunning, connected: compareConnected, comparing } : { running: phase === 'running', connected: mainConnected, comparing };
}

/** Play/Pause, Step and Reset: the header's run controls (both compare runs while comparing). */
export function RunControls() {
  const { running, connected, comparing } = useShownRun();
  const which = comparing ? ' both runs' : '';
  return (
    <div className="run-controls" role="group" aria-label="Run controls" data-target={comparing ? 'compare' : 'main'}>
      <button
        type="button"
        className="primary play-button"
        onClick={togglePlayShown}
        disabled={!connected}
        aria-keyshortcuts="Space"
        title={running ? `Pause${which} (space)` : `Play${which} (space)`}
      >
        <span aria-hidden="true" className="icon">{running ? '❚❚' : '▶'}</span>
        {running ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={stepShown} disabled={!connected} aria-keyshortcuts="ArrowRight" title={`One minibatch${which} (→)`}>
        <span aria-hidden="true" className="icon">⏵|</span>
        Step
      </button>
      <button type="button" onClick={resetShown} disabled={!connected} aria-keyshortcuts="r" title={`Back to step 0, same seed${which} (r)`}>
        <span aria-hidden="true" className="icon">↺</span>
        Reset
      </button>
    </div>
  );
}
