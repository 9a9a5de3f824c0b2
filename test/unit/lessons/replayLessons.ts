/**
 * Headless runs of lesson presets for the lesson tests: replays a settings object with the
 * worker's own code (replayRun) and turns the result into what a lesson check reads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDigitsBinary, type DigitsSet } from '../../../src/data';
import type { Settings } from '../../../src/settings/settingsTable';
import { replayRun, type ReplayResult } from '../../../src/worker/replay';
import { lessonSettings, type Lesson, type LessonRun, type LessonRunView } from '../../../src/ui/lessons/lessons';

let digits14: DigitsSet | null = null;

/** The 14x14 digits file built by `npm run data` (it runs before the unit tests). */
export function loadDigits14(): DigitsSet {
  if (digits14 === null) {
    const bytes = readFileSync(fileURLToPath(new URL('../../../public/data/digits-14.bin', import.meta.url)));
    digits14 = parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
  return digits14;
}

/** A replayed run with what the checks need. */
export interface ReplayedRun {
  run: LessonRun;
  replay: ReplayResult;
  milliseconds: number;
}

const cache = new Map<string, ReplayedRun>();

/** Replays `settings` for `steps` minibatches (cached: identical runs are trained once). */
export function replaySettings(settings: Settings, steps: number): ReplayedRun {
  const key = `${steps}:${JSON.stringify(settings)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const started = performance.now();
  const replay = replayRun(settings, settings.dataset === 'digits' ? { digits: loadDigits14() } : {}, [], steps);
  const run: LessonRun = {
    settings,
    epochs: replay.epochs,
    parameters: replay.trainer.parameters(),
    diverged: replay.trainer.diverged,
  };
  const result = { run, replay, milliseconds: performance.now() - started };
  cache.set(key, result);
  return result;
}

/** The view of run A, with run B attached when given. */
export function viewOf(a: ReplayedRun, b?: ReplayedRun): LessonRunView {
  const dataset = a.replay.dataset;
  return {
    ...a.run,
    informativeFeatures: dataset.informativeFeatures,
    featureNames: dataset.featureNames,
    task: dataset.task,
    compare: b?.run,
  };
}

/** Settings of a lesson's run A or B with an extra patch on top (the negative control). */
export function lessonRunSettings(lesson: Lesson, run: 'A' | 'B', patch: Partial<Settings> = {}): Settings {
  return { ...lessonSettings(lesson, run), ...patch };
}
