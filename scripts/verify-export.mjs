#!/usr/bin/env node
/**
 * `npm run verify:export`: an opt-in check (not part of `npm test`) that the exported PyTorch
 * script, run on the CPU, trains the network the playground trains.
 *
 * 1. Finds a Python with PyTorch ($PYTHON, python3, /usr/bin/python3). If there is none, or it lacks
 *    matplotlib or nbformat, and we run as root on Debian, installs Debian's python3-torch,
 *    python3-matplotlib and python3-nbformat with apt (apt-get update first). matplotlib runs with
 *    the Agg backend (no display).
 * 2. Generates, with tsx (test/unit/export/verifyEntry.ts), scripts with OUR initial weights, their
 *    dataset CSVs, our batch order and dropout masks, a notebook and MNIST files for a few small
 *    configurations, with our own losses.
 * 3. Runs scripts/export_check.py on them, which prints every comparison: initial losses; several
 *    epochs with torch's shuffling (roughly ours) and with our batch order (within 1e-5; BN with Adam
 *    over 30 epochs; dropout with our masks fed in); early stopping at the same epoch; torchrun with
 *    2 processes (gloo) equal to 1; --full-mnist equal to the CSV; the notebook's code cells run as
 *    a script.
 * Exits 1 when a check fails. `--keep` keeps the generated files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const keep = process.argv.includes('--keep');
const NEEDED = 'import torch, matplotlib, nbformat; print(torch.__version__)';

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

/** A Python that imports torch (and, with `everything`, matplotlib and nbformat). */
function findPython(everything) {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const candidate of candidates) {
    const probe = run(candidate, ['-c', everything ? NEEDED : 'import torch; print(torch.__version__)']);
    if (probe.status === 0) return { python: candidate, version: probe.stdout.trim() };
  }
  return null;
}

function ensurePython() {
  const found = findPython(true);
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    const torchOnly = findPython(false);
    if (torchOnly) {
      console.log('matplotlib or nbformat is missing: the notebook check will say it is skipped.');
      return torchOnly;
    }
    console.error('PyTorch is not installed. On Debian, run as root (this check then installs python3-torch), or set PYTHON to a Python with torch.');
    process.exit(1);
  }
  console.log("Installing Debian's python3-torch, python3-matplotlib and python3-nbformat (apt-get update first)...");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'python3-torch', 'python3-matplotlib', 'python3-nbformat']]) {
    const result = run('apt-get', args, { env, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed.`);
      process.exit(1);
    }
  }
  const installed = findPython(true) ?? findPython(false);
  if (!installed) {
    console.error('python3-torch is installed but no python3 imports torch.');
    process.exit(1);
  }
  return installed;
}

const { python, version } = ensurePython();
console.log(`Using ${python} with PyTorch ${version}.`);
const directory = mkdtempSync(join(tmpdir(), 'playground-verify-export-'));
const generated = run('npx', ['tsx', 'test/unit/export/verifyEntry.ts', directory], { cwd: root });
if (generated.status !== 0) {
  console.error(generated.stderr || generated.stdout);
  process.exit(1);
}
const checked = run(python, [join(root, 'scripts', 'export_check.py'), directory], { cwd: root, stdio: 'inherit', env: { ...process.env, MPLBACKEND: 'Agg' } });
if (keep) console.log(`\nGenerated files kept in ${directory}`);
else rmSync(directory, { recursive: true, force: true });
if (checked.status !== 0) {
  console.error('\nverify:export FAILED');
  process.exit(1);
}
console.log('\nverify:export passed.');
