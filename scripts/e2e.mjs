// Runs the real-browser tests: finds Chromium, serves the built app with `vite preview` on
// 127.0.0.1 (a free port, in its own process group that is always stopped), waits until it
// answers, then runs Playwright against it. Extra arguments go to `playwright test`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { findChromium } from './find-chromium.mjs';

const chromium = findChromium();
if (!existsSync('dist/index.html')) {
  console.error('No build found in dist/: run `npm run build` first (npm test does it for you).');
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs / 1000} s`);
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}/`;
const preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
  detached: true,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stopPreview = () => {
  try {
    process.kill(-preview.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopPreview);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

let code = 1;
try {
  await waitUntilServing(baseUrl, 30000);
  const playwright = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BASE_URL: baseUrl, CHROMIUM_PATH: chromium },
  });
  code = await new Promise((resolve) => playwright.on('exit', (exitCode) => resolve(exitCode ?? 1)));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
}
stopPreview();
process.exit(code);
