import { StrictMode, lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/shell/ErrorBoundary';
import { bootstrap } from './ui/startup';
import { registerServiceWorker } from './ui/registerServiceWorker';
import { trackRunStarts } from './ui/export/runStart';
import { watchForStuckRuns } from './state/stuckWatch';
import './ui/styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const view = bootstrap();
// Replay files need the settings each run started from: record them from the first run on.
trackRunStarts();
// A run stuck at chance level at a high learning rate never overflows, so it needs its own warning.
watchForStuckRuns();
registerServiceWorker();
const EmbedApp = lazy(() => import('./ui/embed/EmbedApp').then((module) => ({ default: module.EmbedApp })));

createRoot(container).render(
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
