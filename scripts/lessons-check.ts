/**
 * `npm run lessons:check -- --seeds 1-10 --json`: every lesson and its negative control on the
 * given seeds, through the worker's code path (replayRun, via runLessonSeed), spread over all
 * cores with worker_threads. Prints one JSON object (with --json) or a table: per lesson and seed
 * the check's status and headline and the raw final figures of run A and run B.
 *
 * Options: --seeds 1-10 | 1,4,7 (default 1-10), --lessons id,id (default all), --workers n
 * (default: the cores), --json; for exploring a variant: --patch '{"patience":50}' (settings
 * applied to both runs' presets) and --steps n.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { parseDigitsBinary, type DigitsSet } from '../src/data';
import { LESSONS, LESSON_BY_ID } from '../src/ui/lessons/lessons';
import { runLessonSeed, type LessonSeedResult, type LessonVariant } from '../src/ui/lessons/seedRun';
import type { Settings } from '../src/settings/settingsTable';

interface Job {
  lessonId: string;
  seed: number;
  variant: LessonVariant;
  patch: Partial<Settings>;
  steps: number | null;
}

function loadDigits(resolution: 14 | 28): DigitsSet {
  const bytes = readFileSync(fileURLToPath(new URL(`../public/data/digits-${resolution}.bin`, import.meta.url)));
  return parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** Parses "1-10", "3", "1,4,7" or "1-3,8". */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^(\d+)-(\d+)$/.exec(part.trim());
    if (range) for (let seed = Number(range[1]); seed <= Number(range[2]); seed++) seeds.push(seed);
    else if (/^\d+$/.test(part.trim())) seeds.push(Number(part.trim()));
    else throw new Error(`--seeds: "${part}" is not a seed or a range like 1-10.`);
  }
  return [...new Set(seeds)];
}

function option(args: string[], name: string): string | null {
  const index = args.indexOf(name);
  return index >= 0 && index + 1 < args.length ? args[index + 1] : null;
}

function workerMain(): void {
  const digits = new Map<number, DigitsSet>();
  parentPort!.on('message', (job: Job) => {
    const lesson = LESSON_BY_ID[job.lessonId];
    const resolution = lesson.preset.digitsResolution === '28' ? 28 : 14;
    const sources = lesson.preset.dataset === 'digits' ? { digits: digits.get(resolution) ?? digits.set(resolution, loadDigits(resolution)).get(resolution)! } : {};
    const started = performance.now();
    const result = runLessonSeed(lesson, job.seed, job.variant, sources, job.patch, job.steps ?? lesson.steps);
    parentPort!.postMessage({ result, seconds: (performance.now() - started) / 1000 });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seeds = parseSeeds(option(args, '--seeds') ?? '1-10');
  const lessonIds = (option(args, '--lessons') ?? LESSONS.map((lesson) => lesson.id).join(',')).split(',');
  for (const id of lessonIds) if (!LESSON_BY_ID[id]) throw new Error(`--lessons: no lesson "${id}" (${LESSONS.map((lesson) => lesson.id).join(', ')}).`);
  const workers = Math.max(1, Number(option(args, '--workers') ?? availableParallelism()));
  const json = args.includes('--json');
  const patch = JSON.parse(option(args, '--patch') ?? '{}') as Partial<Settings>;
  const steps = option(args, '--steps') === null ? null : Number(option(args, '--steps'));
  // Slow lessons first, so the two cores finish together.
  const jobs: Job[] = lessonIds.flatMap((lessonId) => seeds.flatMap((seed) => (['lesson', 'control'] as const).map((variant) => ({ lessonId, seed, variant, patch, steps }))));
  jobs.sort((x, y) => Number(LESSON_BY_ID[y.lessonId].preset.dataset === 'digits') - Number(LESSON_BY_ID[x.lessonId].preset.dataset === 'digits'));
  const started = performance.now();
  const results: LessonSeedResult[] = [];
  const seconds = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let running = 0;
    const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(new URL('./lessons-check-worker.mjs', import.meta.url)));
    const feed = (worker: Worker) => {
      if (next >= jobs.length) {
        void worker.terminate();
        if (running === 0) resolve();
        return;
      }
      running++;
      worker.postMessage(jobs[next++]);
    };
    for (const worker of pool) {
      worker.on('message', ({ result, seconds: taken }: { result: LessonSeedResult; seconds: number }) => {
        running--;
        results.push(result);
        seconds.set(result.lessonId, (seconds.get(result.lessonId) ?? 0) + taken);
        if (!json) process.stderr.write(`${result.lessonId} seed ${result.seed} ${result.variant}: ${result.status}\n`);
        feed(worker);
      });
      worker.on('error', reject);
      feed(worker);
    }
  });
  const lessons: Record<string, unknown> = {};
  for (const lessonId of lessonIds) {
    const mine = results.filter((result) => result.lessonId === lessonId).sort((x, y) => x.seed - y.seed);
    const count = (variant: LessonVariant, status: string) => mine.filter((result) => result.variant === variant && result.status === status).length;
    lessons[lessonId] = {
      holds: count('lesson', 'holds'),
      controlDoesNotHold: count('control', 'does-not-hold'),
      waiting: count('lesson', 'waiting') + count('control', 'waiting'),
      seeds: seeds.length,
      cpuSeconds: Math.round((seconds.get(lessonId) ?? 0) * 10) / 10,
      runs: seeds.map((seed) => ({
        seed,
        lesson: mine.find((result) => result.seed === seed && result.variant === 'lesson'),
        control: mine.find((result) => result.seed === seed && result.variant === 'control'),
      })),
    };
  }
  const output = { command: 'lessons:check', seeds, workers, ...(Object.keys(patch).length > 0 ? { patch } : {}), ...(steps !== null ? { steps } : {}), seconds: Math.round((performance.now() - started) / 100) / 10, lessons };
  if (json) {
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return;
  }
  for (const lessonId of lessonIds) {
    const entry = lessons[lessonId] as { holds: number; controlDoesNotHold: number; waiting: number; seeds: number; cpuSeconds: number };
    process.stdout.write(`${lessonId.padEnd(16)} holds on ${entry.holds}/${entry.seeds}; control does not hold on ${entry.controlDoesNotHold}/${entry.seeds}; waiting ${entry.waiting}; ${entry.cpuSeconds} s of CPU\n`);
  }
  process.stdout.write(`${jobs.length} runs on ${workers} workers in ${output.seconds} s\n`);
}

if (isMainThread) {
  main().catch((error: unknown) => {
    process.stderr.write(`lessons:check: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
} else {
  workerMain();
}
