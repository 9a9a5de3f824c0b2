/**
 * The sweep probe's reference: the same sweep run headless in Node, one run at a time, through
 * `runSweepJob` (the same summary job the pool's workers train). Prints one JSON line:
 * { runs, trainCount, seconds, runsPerSecond, samples, samplesPerSecond, trainingOnlySamplesPerSecond }.
 * `samples` counts training examples seen (epochs x training set size); the training-only figure
 * trains the same runs with no evaluation at all (the engine's raw speed: the "headless").
 * Usage: tsx test/bench/browser/sweep-headless.ts "<sweep query>"
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Trainer } from '../../../src/engine';
import { parseDigitsBinary, type DigitsSet } from '../../../src/data';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { toLiveSettings, toModelSpec } from '../../../src/settings/translate';
import { buildDataset } from '../../../src/run/run';
import type { DataSources } from '../../../src/run/runLog';
import { decodeUrl } from '../../../src/state/urlState';
import { planSweep } from '../../../src/sweep/sweepJobs';
import { runSweepJob } from '../../../src/sweep/runSweepJob';
import { checked } from '../../checkedSettings';

function loadDigits(resolution: '14' | '28'): DigitsSet {
  const bytes = readFileSync(fileURLToPath(new URL(`../../../public/data/digits-${resolution}.bin`, import.meta.url)));
  return parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** Trains `settings` for `epochs` epochs with no per-epoch evaluation; returns the training examples seen. */
function trainOnly(settings: Settings, sources: DataSources, epochs: number): number {
  const dataset = buildDataset(settings, sources);
  const trainer = new Trainer({ model: toModelSpec(settings, dataset), settings: toLiveSettings(settings), data: dataset, seed: settings.seed, epochMetrics: false });
  while (trainer.epochCount < epochs) trainer.trainStep();
  return epochs * dataset.train.count;
}

const decoded = decodeUrl(process.argv[2] ?? '');
if (!decoded.view.sweep) throw new Error('The query has no sweep (sweep=1&sw.*).');
const base = checked({ ...DEFAULT_SETTINGS, ...decoded.settings });
const sources: DataSources = base.dataset === 'digits' ? { digits: loadDigits(base.digitsResolution) } : {};
const plan = planSweep(decoded.view.sweep, base);
const trainCount = buildDataset(plan.jobs[0].settings, sources).train.count;
// Warm the JIT on the first run, as the page's workers warm up on theirs.
runSweepJob(plan.jobs[0], sources);
// Each run as a sweep trains it, then with no evaluation at all: interleaved, so the machine's
// changing load hits both alike.
let seconds = 0;
let samples = 0;
let trainingSeconds = 0;
let trainingSamples = 0;
for (const job of plan.jobs) {
  let start = performance.now();
  samples += runSweepJob(job, sources).epochs * trainCount;
  seconds += (performance.now() - start) / 1000;
  start = performance.now();
  trainingSamples += trainOnly(job.settings, sources, job.epochs);
  trainingSeconds += (performance.now() - start) / 1000;
}
console.log(
  JSON.stringify({
    runs: plan.jobs.length,
    trainCount,
    seconds,
    runsPerSecond: plan.jobs.length / seconds,
    samples,
    samplesPerSecond: samples / seconds,
    trainingOnlySamplesPerSecond: trainingSamples / trainingSeconds,
  }),
);
