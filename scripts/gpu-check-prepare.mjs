#!/usr/bin/env node
/**
 * Prepares the folder scripts/gpu-check.sh runs on a GPU machine without node: the exported
 * PyTorch scripts with our exact initial weights, their CSVs, our batch orders and masks, the
 * notebook, MNIST files and our own losses (test/unit/export/verifyEntry.ts), plus copies of
 * export_check.py and gpu-check.sh, so the folder runs on its own.
 * Usage: node scripts/gpu-check-prepare.mjs [--out .gpucheck]   (the folder is git-ignored)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const outIndex = process.argv.indexOf('--out');
const out = resolve(root, outIndex >= 0 && process.argv[outIndex + 1] ? process.argv[outIndex + 1] : '.gpucheck');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const data = spawnSync('npm', ['run', 'data', '--silent'], { cwd: root, stdio: 'inherit' });
if (data.status !== 0) process.exit(1);
const generated = spawnSync('npx', ['tsx', 'test/unit/export/verifyEntry.ts', out], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (generated.status !== 0) {
  console.error(generated.stderr || generated.stdout);
  process.exit(1);
}
for (const file of ['export_check.py', 'gpu-check.sh']) copyFileSync(join(root, 'scripts', file), join(out, file));
console.log(`gpu-check: prepared ${out}. On the GPU machine: bash scripts/gpu-check.sh ${out.startsWith(root) ? out.slice(root.length + 1) : out}`);
