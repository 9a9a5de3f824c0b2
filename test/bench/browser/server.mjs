// Builds the app (or reuses a build) for the probe; serving is scripts/preview-server.mjs's job.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

export { serve } from '../../../scripts/preview-server.mjs';
