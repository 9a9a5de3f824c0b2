import { Suspense } from 'react';
import { useRun } from '../state/runStore';
import { useUi } from '../state/uiStore';
import { Banner } from './shell/Banner';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { PANELS } from './panels/registry';
import type { PanelId } from '../state/urlState';

/** The panels, each behind its own error boundary so one failing panel leaves the rest working. */
export function PanelGrid({ only }: { only?: readonly PanelId[] | null }) {
  const connection = useRun((state) => state.connection);
  const resetCue = useRun((state) => state.resetCue);
  const runId = useRun((state) => state.runId);
  const lessonFirst = useUi((state) => state.view.lesson !== null);
  if (connection !== 'ready') {
    return (
      <>
        <Banner />
        <section className="panel empty-state" role="region" aria-label="Getting started">
          <h2>{connection === 'failed' ? 'Training is not available' : 'Getting the network ready…'}</h2>
          <p>
            Choose a dataset and a network on the left, then press <kbd>Play</kbd>. The loss curves, the decision boundary, the
            weights and the dropout masks appear here as the network trains.
          </p>
        </section>
      </>
    );
  }
  return (
    <>
      <Banner />
      {resetCue && resetCue !== 'New run' ? (
        <p className="notice reset-cue" key={runId}>
          {resetCue}
        </p>
      ) : null}
      {(lessonFirst ? [...PANELS.filter((panel) => panel.id === 'lesson'), ...PANELS.filter((panel) => panel.id !== 'lesson')] : PANELS).filter((panel) => !only || only.includes(panel.id)).map(({ id, component: PanelComponent }) => (
        <ErrorBoundary key={id} scope="This panel">
          <Suspense fallback={<section className="panel panel-loading" aria-busy="true" aria-label={`Loading the ${id} panel`} />}>
            <PanelComponent />
          </Suspense>
        </ErrorBoundary>
      ))}
    </>
  );
}
