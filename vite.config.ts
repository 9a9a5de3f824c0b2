import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy, earlyScript, embedPage, firstLoadChunk, hostHeaders, offlineServiceWorker } from './scripts/vite-plugins.ts';

// `base` lets the built app live under any path (e.g. a project page on a static host):
// set BASE_PATH=/my/path/ at build time. Relative asset URLs keep the build portable.
const base = process.env.BASE_PATH ?? './';

// `vite build --mode e2e` (the browser tests' build, scripts/e2e.mjs) carries the test-only worker
// faults (src/worker/testFaults.ts); every other build leaves them out entirely.
export default defineConfig(({ mode }) => ({
  base,
  define: { __TEST_FAULTS__: JSON.stringify(mode === 'e2e') },
  plugins: [react(), contentSecurityPolicy(), earlyScript('src/earlyStart.ts'), embedPage(), hostHeaders(base), offlineServiceWorker('public')],
  worker: { format: 'es' },
  // The initial bundle is held to its gzip budget by test/e2e/budget.spec.ts; Vite's raw-size
  // warning (500 kB unminified-ish) would only repeat it less precisely.
  // The page's first load in one chunk (time to ready: fewer files to wait for; see firstLoadChunk).
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: { output: { codeSplitting: { groups: [firstLoadChunk('index', /(^|\/)index\.html$/)] } } },
  },
  preview: { host: '127.0.0.1' },
}));
