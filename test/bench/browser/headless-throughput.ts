/**
 * The browser probe's reference: the same workload the page trains (the default settings), run
 * headless in Node with `replayRun`, no worker, no telemetry. Prints one JSON line:
 * { steps, epochs, seconds, stepsPerSecond, epochsPerSecond, samplesPerSecond }.
 * Usage: tsx test/bench/browser/headless-throughput.ts [seconds]
 */
import { replayRun } from '../../../src/worker/replay';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';

const seconds = Number(process.argv[2] ?? 5);
const settings: Settings = { ...DEFAULT_SETTINGS };
// Warm the JIT on a short run, then time chunks until `seconds` have passed.
replayRun(settings, {}, [], 2000);
const chunk = 5000;
let steps = 0;
let epochs = 0;
const start = performance.now();
while (performance.now() - start < seconds * 1000) {
  const result = replayRun(settings, {}, [], chunk);
  steps += result.steps;
  epochs += result.epochs.length;
}
const elapsed = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({
    workload: 'default settings (replayRun, no telemetry)',
    steps,
    epochs,
    seconds: elapsed,
    stepsPerSecond: steps / elapsed,
    epochsPerSecond: epochs / elapsed,
    // Every step of an epoch but the last sees batchSize examples; an epoch sees the whole training set.
    samplesPerSecond: (steps / Math.ceil(settings.trainCount / settings.batchSize)) * settings.trainCount / elapsed,
  }),
);
