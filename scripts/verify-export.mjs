#!/usr/bin/env node
/**
 * `npm run verify:export`: an opt-in check (not part of `npm test`) that the exported PyTorch
 * script trains the network the playground trains.
 *
 * 1. Finds a Python with PyTorch ($PYTHON, python3, /usr/bin/python3). If there is none and we run
 *    as root on Debian, installs Debian's python3-torch with apt (apt-get update first).
 * 2. Generates, with tsx, PyTorch scripts that embed OUR initial weights, their dataset CSVs and
 *    our batch order for a few small configurations (test/unit/export/verifyEntry.ts).
 * 3. Runs each script for one epoch and compares:
 *    - initial train and validation loss with ours: same weights + same data, so |diff| <= 1e-4;
 *    - the final loss with torch's own shuffling: only roughly equal (another batch order, other
 *      dropout masks), so it must be within 50% of ours;
 *    - the final loss of a copy that uses our batch order: for configurations without dropout
 *      nothing random is left, so |diff| <= 1e-3.
 * Exits 1 when a check fails. `--keep` keeps the generated files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const INITIAL_TOLERANCE = 1e-4;
const EXACT_ORDER_TOLERANCE = 1e-3;
const ROUGH_RELATIVE_TOLERANCE = 0.5;
const EPOCHS = 1;
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const keep = process.argv.includes('--keep');

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

function pythonWithTorch() {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const candidate of candidates) {
    const probe = run(candidate, ['-c', 'import torch; print(torch.__version__)']);
    if (probe.status === 0) return { python: candidate, version: probe.stdout.trim() };
  }
  return null;
}

function ensureTorch() {
  const found = pythonWithTorch();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    console.error('PyTorch is not installed. On Debian, run as root (this check then installs python3-torch), or set PYTHON to a Python with torch.');
    process.exit(1);
  }
  console.log('PyTorch not found: installing Debian\'s python3-torch (apt-get update first)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'python3-torch']]) {
    const result = run('apt-get', args, { env, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed.`);
      process.exit(1);
    }
  }
  const installed = pythonWithTorch();
  if (!installed) {
    console.error('python3-torch is installed but no python3 imports torch.');
    process.exit(1);
  }
  return installed;
}

function resultOf(output, what) {
  const line = output.split('\n').find((text) => text.startsWith('RESULT '));
  if (!line) throw new Error(`${what} printed no RESULT line.`);
  return JSON.parse(line.slice('RESULT '.length));
}

/** A copy of the script that takes the playground's batch order instead of torch.randperm. */
function withOurBatchOrder(script, orderFile) {
  const anchor = '    order = torch.randperm(len(x), generator=generator)\n';
  if (!script.includes(anchor) || !script.includes('\n\n\ndef train_epoch(')) throw new Error('The exported script no longer has the shuffling line this check replaces.');
  return script
    .replace(anchor, '    order = torch.tensor(BATCH_ORDERS.pop(0))  # verify:export: the playground\'s batch order\n')
    .replace('\n\n\ndef train_epoch(', `\n\nBATCH_ORDERS = json.load(open(${JSON.stringify(orderFile)}))\n\n\ndef train_epoch(`);
}

function format(value) {
  return typeof value === 'number' ? value.toFixed(6) : String(value);
}

const { python, version } = ensureTorch();
console.log(`Using ${python} with PyTorch ${version}.`);
const directory = mkdtempSync(join(tmpdir(), 'playground-verify-export-'));
const generated = run('npx', ['tsx', 'test/unit/export/verifyEntry.ts', directory, String(EPOCHS)], { cwd: root });
if (generated.status !== 0) {
  console.error(generated.stderr || generated.stdout);
  process.exit(1);
}
const configurations = JSON.parse(generated.stdout.trim().split('\n').at(-1));
const failures = [];
for (const config of configurations) {
  const scriptPath = join(directory, config.script);
  const exported = run(python, [scriptPath, '--epochs', String(EPOCHS)], { cwd: directory });
  if (exported.status !== 0) {
    failures.push(`${config.name}: the exported script failed:\n${exported.stderr}`);
    continue;
  }
  const theirs = resultOf(exported.stdout, config.script);
  const orderedPath = join(directory, `${config.name}.our-order.py`);
  writeFileSync(orderedPath, withOurBatchOrder(readFileSync(scriptPath, 'utf8'), join(directory, config.batchOrder)));
  const ordered = run(python, [orderedPath, '--epochs', String(EPOCHS)], { cwd: directory });
  if (ordered.status !== 0) {
    failures.push(`${config.name}: the script with our batch order failed:\n${ordered.stderr}`);
    continue;
  }
  const theirsOrdered = resultOf(ordered.stdout, orderedPath);
  const ours = config.ours;
  const initialTrain = Math.abs(theirs.initial_train_loss - ours.initialTrainLoss);
  const initialValidation = Math.abs(theirs.initial_validation_loss - ours.initialValidationLoss);
  const rough = Math.abs(theirs.final_train_loss - ours.finalTrainLoss) / ours.finalTrainLoss;
  const exact = Math.abs(theirsOrdered.final_train_loss - ours.finalTrainLoss);
  console.log(`\n${config.name}`);
  console.log(`  initial train loss       ours ${format(ours.initialTrainLoss)}  pytorch ${format(theirs.initial_train_loss)}  |diff| ${initialTrain.toExponential(2)} (<= ${INITIAL_TOLERANCE})`);
  console.log(`  initial validation loss  ours ${format(ours.initialValidationLoss)}  pytorch ${format(theirs.initial_validation_loss)}  |diff| ${initialValidation.toExponential(2)} (<= ${INITIAL_TOLERANCE})`);
  console.log(`  train loss after ${EPOCHS} epoch, torch's shuffling  ours ${format(ours.finalTrainLoss)}  pytorch ${format(theirs.final_train_loss)}  relative diff ${(rough * 100).toFixed(1)}% (<= ${ROUGH_RELATIVE_TOLERANCE * 100}%)`);
  console.log(
    `  train loss after ${EPOCHS} epoch, our batch order    ours ${format(ours.finalTrainLoss)}  pytorch ${format(theirsOrdered.final_train_loss)}  |diff| ${exact.toExponential(2)}${config.exactOrder ? ` (<= ${EXACT_ORDER_TOLERANCE})` : ' (dropout masks differ: not compared)'}`,
  );
  if (initialTrain > INITIAL_TOLERANCE || initialValidation > INITIAL_TOLERANCE) failures.push(`${config.name}: the initial loss differs from ours.`);
  if (!(rough <= ROUGH_RELATIVE_TOLERANCE)) failures.push(`${config.name}: the loss after ${EPOCHS} epoch is not even roughly ours.`);
  if (config.exactOrder && !(exact <= EXACT_ORDER_TOLERANCE)) failures.push(`${config.name}: with our batch order the loss after ${EPOCHS} epoch differs from ours.`);
}
if (keep) console.log(`\nGenerated files kept in ${directory}`);
else rmSync(directory, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(`\nverify:export FAILED\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
  process.exit(1);
}
console.log(`\nverify:export passed: ${configurations.length} configurations.`);
