// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The test-only worker faults (src/worker/testFaults.ts) must not ship: the product build's
 * JavaScript holds none of their code, while the browser tests' build (--mode e2e) does (which
 * shows this check would see it). Source maps are left out: they quote the source files.
 */
const FAULT_TYPE = /["'`]testFault["'`]/;
const PAGE_HOOK = '__playgroundTestFault';
const folders: string[] = [];

function buildScripts(mode: string | null): string {
  const outDir = mkdtempSync(join(tmpdir(), 'playground-build-'));
  folders.push(outDir);
  const args = ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error', ...(mode ? ['--mode', mode] : [])];
  const result = spawnSync('npx', args, { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`vite build failed: ${result.stderr}`);
  const assets = join(outDir, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(assets, name), 'utf8'))
    .join('\n');
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('test-only worker faults', () => {
  it('are absent from the product bundle and present in the browser tests\' build', () => {
    const product = buildScripts(null);
    expect(FAULT_TYPE.test(product), 'the fault message in the product bundle').toBe(false);
    expect(product.includes(PAGE_HOOK), 'the page hook in the product bundle').toBe(false);
    const e2e = buildScripts('e2e');
    expect(FAULT_TYPE.test(e2e)).toBe(true);
    expect(e2e.includes(PAGE_HOOK)).toBe(true);
  }, 120_000);
});
