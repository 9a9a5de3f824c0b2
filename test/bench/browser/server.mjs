// Builds the app (or reuses a build) and serves it with `vite preview` on 127.0.0.1, on a free
// port, in its own process group, so the probe can always stop it (and everything it started).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Builds into `outDir` with `npm run build` (which also prepares the digits data); `unminified` keeps function names for profiles. */
export function build(outDir, unminified = false) {
  const extra = unminified ? ['--minify', 'false'] : [];
  const result = spawnSync('npm', ['run', 'build', '--silent', '--', '--outDir', outDir, '--emptyOutDir', ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`The build failed (npm run build exited with ${result.status}).`);
}

/** Whether `outDir` holds a build. */
export function hasBuild(outDir) {
  return existsSync(`${outDir}/index.html`);
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
