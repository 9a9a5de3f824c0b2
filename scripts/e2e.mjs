// Runs the real-browser tests: finds Chromium, serves the built app with `vite preview` on
// 127.0.0.1 (a free port, in its own process group that is always stopped), waits until it
// answers, then runs Playwright against it. Extra arguments go to `playwright test`.
// The product build (dist/, `npm run build`) is at BASE_URL. The browser tests' build with the
// test-only worker faults (dist-e2e/, `npm run build:e2e`; src/worker/testFaults.ts), when there,
// is served too, at FAULTS_BASE_URL: only the watchdog tests use it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './find-chromium.mjs';
import { serve } from './preview-server.mjs';

const chromium = findChromium();
if (!existsSync('dist/index.html')) {
  console.error('No build found in dist/: run `npm run build` first (npm test does it for you).');
  process.exit(1);
}

// A signal exits through process.exit, so the server's exit hook stops it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

let code = 1;
let server = null;
let faultsServer = null;
try {
  server = await serve('dist');
  const baseUrl = server.url;
  faultsServer = existsSync('dist-e2e/index.html') ? await serve('dist-e2e') : null;
  const faults = faultsServer ? { FAULTS_BASE_URL: faultsServer.url } : {};
  const playwright = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BASE_URL: baseUrl, CHROMIUM_PATH: chromium, ...faults },
  });
  code = await new Promise((resolve) => playwright.on('exit', (exitCode) => resolve(exitCode ?? 1)));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
}
server?.stop();
faultsServer?.stop();
process.exit(code);
