import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { useRun } from '../state/runStore';
import { useSetting } from '../state/settingsStore';
import type { PanelId } from '../state/urlState';
import { Banner } from './shell/Banner';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { BoundaryPanel } from './panels/BoundaryPanel';
import { CompactContext } from './panels/Panel';
import { Inspector } from './Inspector';
import { StartHere } from './shell/StartHere';
import { boundaryKind } from './draw/boundaryPixels';
import { markFirstPictureDrawn, markFirstPictureDrawnLater, useFirstPictureDrawn } from './firstPicture';

// The loss chart brings recharts (about 100 kB gzip): it loads just after the boundary is drawn.
const LossPanel = lazy(() => import('./panels/LossPanel').then((module) => ({ default: module.LossPanel })));
const NetworkPanel = lazy(() => import('./panels/network/NetworkPanel').then((module) => ({ default: module.NetworkPanel })));
const DigitsPanel = lazy(() => import('./panels/digits/DigitsPanel').then((module) => ({ default: module.DigitsPanel })));

/**
 * One slot of the first screen: a panel in compact form, behind its own error boundary. `afterPicture`:
 * it loads and renders only once the boundary is drawn (firstPicture.ts), a placeholder till then.
 */
function Slot({ name, component: View, afterPicture = false }: { name: string; component: ComponentType; afterPicture?: boolean }) {
  const pictureDrawn = useFirstPictureDrawn();
  const loading = <section className="panel panel-loading" aria-busy="true" aria-label={`Loading the ${name} panel`} />;
  return (
    <div className={`slot slot-${name}`}>
      <ErrorBoundary scope="This panel">
        <Suspense fallback={loading}>{afterPicture && !pictureDrawn ? loading : <View />}</Suspense>
      </ErrorBoundary>
    </div>
  );
}

/**
 * The first screen, whole at 1280x800: the decision boundary (or the digits), the loss chart and
 * the network in compact form, and the inspector with every other view in tabs. `panels=` picks
 * what each area shows (main views by their ids, the inspector its tabs).
 */
export function FirstScreen({ only }: { only?: readonly PanelId[] | null }) {
  const connection = useRun((state) => state.connection);
  const resetCue = useRun((state) => state.resetCue);
  const runId = useRun((state) => state.runId);
  const dataset = useSetting('dataset');
  const shows = (id: PanelId) => !only || only.includes(id);
  const picture = dataset === 'digits' ? (shows('digits') || shows('boundary') ? DigitsPanel : null) : shows('boundary') ? BoundaryPanel : null;
  const datasetInfo = useRun((state) => state.dataset);
  const waitsForBoundary = connection === 'ready' && picture === BoundaryPanel && datasetInfo !== null && boundaryKind(datasetInfo) !== null;
  useEffect(() => {
    if (connection !== 'ready') return;
    // Only the boundary says when it is drawn; any other first screen goes on at once.
    if (!waitsForBoundary) markFirstPictureDrawn();
    else return markFirstPictureDrawnLater();
  }, [connection, waitsForBoundary]);
  if (connection !== 'ready') {
    return (
      <>
        <Banner />
        <section className="panel empty-state" role="region" aria-label="Getting started">
          <h2>{connection === 'failed' ? 'Training is not available' : 'Getting the network ready…'}</h2>
          <p>The loss curves, the decision boundary and the network appear here once it is ready.</p>
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
      <StartHere />
      <div className="first-screen">
        <CompactContext.Provider value={true}>
          {picture ? <Slot name="picture" component={picture} /> : null}
          {shows('loss') ? <Slot name="loss" component={LossPanel} afterPicture /> : null}
          {shows('network') ? <Slot name="network" component={NetworkPanel} afterPicture /> : null}
        </CompactContext.Provider>
        <div className="slot slot-inspector">
          <Inspector only={only} />
        </div>
      </div>
    </>
  );
}
