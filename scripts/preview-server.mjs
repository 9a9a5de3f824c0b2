// Serves a build with `vite preview` on 127.0.0.1, on a free port, in its own process group, so
// the caller can always stop it (and everything it started). Used by the browser tests
// (scripts/e2e.mjs) and the browser probe (test/bench/browser/server.mjs).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

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

/**
 * Serves `outDir`; returns { url, stop }. `stop` kills the preview's whole process group and is
 * also registered for process exit, so an exception or Ctrl-C never leaves a server behind.
 */
export async function serve(outDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-preview.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  await waitUntilServing(url, 30_000);
  return { url, stop };
}
