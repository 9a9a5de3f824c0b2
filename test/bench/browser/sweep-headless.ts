/**
 * The sweep probe's reference: the same sweep run headless in Node, one run at a time through the
 * in-process runner (the same `runSweepJob` the pool's workers use). Prints one JSON line:
 * { runs, seconds, runsPerSecond }.
 * Usage: tsx test/bench/browser/sweep-headless.ts "<sweep query>"
 */
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { decodeUrl } from '../../../src/state/urlState';
import { planSweep } from '../../../src/sweep/sweepJobs';
import { runSweepJob } from '../../../src/sweep/runSweepJob';

const decoded = decodeUrl(process.argv[2] ?? '');
if (!decoded.view.sweep) throw new Error('The query has no sweep (sweep=1&sw.*).');
const plan = planSweep(decoded.view.sweep, { ...DEFAULT_SETTINGS, ...decoded.settings });
// Warm the JIT on the first run, as the page's workers warm up on theirs.
runSweepJob(plan.jobs[0], {});
const start = performance.now();
for (const job of plan.jobs) runSweepJob(job, {});
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ runs: plan.jobs.length, seconds, runsPerSecond: plan.jobs.length / seconds }));
