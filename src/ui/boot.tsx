/**
 * Starts a page of the playground: the full app (index.html) or the embed page (embed.html). The
 * full app refuses to run inside another site's frame (clickjacking: a hostile page could dress
 * the app up and trick clicks); only the widget, at embed.html or the older `?embed=1`, may be
 * framed by any site.
 */
import { StrictMode, lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { bootstrap, checkLinkedLesson } from './startup';
import { registerServiceWorker } from './registerServiceWorker';
import { trackRunStarts } from './export/runStart';
import { FramedRefusal, isInForeignFrame } from './shell/FramedRefusal';
import { decodeUrl } from '../state/urlState';
import { connectTrainingEarly, skipEarlyConnection } from '../state/runController';
import './styles.css';
import './classroom.css';

const EmbedApp = lazy(() => import('./embed/EmbedApp').then((module) => ({ default: module.EmbedApp })));

/** Renders the page into #root. `embedPage`: this is embed.html, the widget whatever the link says. */
export async function startPlayground({ embedPage }: { embedPage: boolean }): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('The page has no #root element');
  const root = createRoot(container);
  const embedded = embedPage || decodeUrl(window.location.search).view.embed;
  if (!embedded && isInForeignFrame(window)) {
    // Nothing starts (no worker, no storage): the page only offers a way out of the frame.
    skipEarlyConnection();
    root.render(<FramedRefusal href={window.location.href} />);
    return;
  }
  const view = bootstrap({ embedPage });
  // The link's own settings (never the remembered ones) go on top of a linked lesson's preset.
  await checkLinkedLesson(undefined, decodeUrl(window.location.search).settings);
  // Replay files need the settings each run started from: record them from the first run on.
  trackRunStarts();
  // A run stuck at chance level at a high learning rate never overflows, so it needs its own warning.
  // Loaded after the first screen: the warning can only come after many epochs.
  void import('../state/stuckWatch').then(({ watchForStuckRuns }) => watchForStuckRuns());
  registerServiceWorker();
  // The full app's worker starts now, so its download and first build overlap the first render.
  if (!view.embed) connectTrainingEarly({ autoplay: view.autoplay });
  else skipEarlyConnection();
  root.render(
    <StrictMode>
      <ErrorBoundary>
        {view.embed ? (
          <Suspense fallback={<p className="status-line">Loading the playground…</p>}>
            <EmbedApp />
          </Suspense>
        ) : (
          <App />
        )}
      </ErrorBoundary>
    </StrictMode>,
  );
}
