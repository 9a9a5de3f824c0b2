/**
 * Replay files: the settings a run started from, its seed, the steps it trained and its run log
 * (the live changes and actions with their steps). `replayRun` in src/worker/replay.ts trains the
 * same run again headless and yields the same metrics bit for bit. Reading validates everything
 * strictly (a clamped value would make a different run) and never throws.
 */
import { SETTINGS, type Settings } from '../../settings/settingsTable';
import { checkPatch, DEFAULT_SETTINGS_CHECKED, type CheckedSettings } from '../../settings/settingsValidation';
import type { RunLogItem } from '../../run/runLog';
import { capProblems } from '../../state/problemList';
import { FORMAT_VERSION, replayVersionProblem } from '../../state/formatChanges';

/** The `format` field of a replay file. */
export const REPLAY_FORMAT = 'regularization-playground/replay';
/** The version this code writes; older files are read when they reproduce bit for bit (formatChanges.ts). */
export const REPLAY_VERSION = FORMAT_VERSION;
/** Longest run a replay file may ask for (about an hour of the fastest training). */
export const MAX_REPLAY_STEPS = 100_000_000;
/** Largest replay file read: about 25,000 live changes, far more than a class session makes. */
export const MAX_REPLAY_FILE_BYTES = 5_000_000;
/** Most run-log entries a replay file may hold. */
export const MAX_REPLAY_LOG_ENTRIES = 20_000;

export type { RunLogItem } from '../../run/runLog';

/** A replay file's content. */
export interface ReplayFile {
  format: typeof REPLAY_FORMAT;
  version: number;
  /** The settings the run was built from (before any live change). */
  settings: Settings;
  /** The run's seed (the same as settings.seed; kept on its own for readers). */
  seed: number;
  /** Minibatch steps the run had trained when it was saved. */
  steps: number;
  runLog: RunLogItem[];
}

/** The outcome of reading a replay file. `notes` lists settings missing from the file that took their defaults. */
export type ReplayImport = { ok: true; replay: ReplayFile & { settings: CheckedSettings }; notes: string[] } | { ok: false; message: string };

/** The text of a replay file for a run built from `settings` that trained `steps` steps with `runLog`. */
export function replayToJson(settings: Settings, steps: number, runLog: readonly RunLogItem[]): string {
  const file: ReplayFile = { format: REPLAY_FORMAT, version: REPLAY_VERSION, settings, seed: settings.seed, steps, runLog: runLog.map((entry) => ({ ...entry })) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function fail(message: string): ReplayImport {
  return { ok: false, message };
}

/** Validates one run-log entry; returns the entry or a sentence saying what is wrong. */
function readEntry(raw: unknown, index: number): RunLogItem | string {
  const where = `Run log entry ${index + 1}`;
  if (!isObject(raw)) return `${where} is not an object.`;
  if (!isCount(raw.step) || !isCount(raw.epoch)) return `${where} needs whole, non-negative "step" and "epoch" numbers.`;
  const label = typeof raw.label === 'string' ? raw.label.slice(0, 200) : '';
  if ('action' in raw) {
    if (raw.action !== 'restoreBest') return `${where} has an unknown action.`;
    return { step: raw.step, epoch: raw.epoch, action: 'restoreBest', label };
  }
  if (!isObject(raw.changes)) return `${where} has no "changes" object.`;
  const checked = checkPatch(raw.changes, false);
  if (checked.problems.length > 0) return `${where}: ${checked.problems[0]}`;
  return { step: raw.step, epoch: raw.epoch, changes: checked.patch, label };
}

/** Reads the text of a replay file; never throws. */
export function parseReplayJson(text: string): ReplayImport {
  if (text.length > MAX_REPLAY_FILE_BYTES) return fail(`This file is too large for a replay file (at most ${MAX_REPLAY_FILE_BYTES / 1_000_000} MB).`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('This file is not JSON: choose a replay file saved by the playground.');
  }
  if (!isObject(raw) || raw.format !== REPLAY_FORMAT) return fail(`This is not a playground replay file: expected format "${REPLAY_FORMAT}".`);
  if (!isCount(raw.version) || raw.version < 1) return fail('This replay file has no valid version number.');
  if (raw.version > REPLAY_VERSION) return fail(`This replay file is version ${raw.version}, newer than this playground reads (${REPLAY_VERSION}).`);
  if (!isObject(raw.settings)) return fail('This replay file has no "settings" object.');
  // Strict: a clamped or dropped value would replay a different run.
  const checked = checkPatch(raw.settings, false);
  if (checked.problems.length > 0) return fail(`This replay file's settings are not valid: ${capProblems(checked.problems, 5).join(' ')}`);
  const notes: string[] = [];
  const settings: CheckedSettings = { ...DEFAULT_SETTINGS_CHECKED, ...checked.patch };
  for (const row of SETTINGS) if (!(row.key in checked.patch)) notes.push(`${row.label} was not in the file: using the default.`);
  const seed = raw.seed === undefined ? settings.seed : raw.seed;
  if (seed !== settings.seed) return fail(`This replay file's seed (${String(seed).slice(0, 20)}) differs from its settings' seed (${settings.seed}).`);
  if (!isCount(raw.steps, MAX_REPLAY_STEPS)) return fail(`This replay file needs a whole number of steps from 0 to ${MAX_REPLAY_STEPS}.`);
  if (!Array.isArray(raw.runLog)) return fail('This replay file has no "runLog" list.');
  if (raw.runLog.length > MAX_REPLAY_LOG_ENTRIES) {
    return fail(`This replay file's run log has ${raw.runLog.length.toLocaleString('en')} entries; at most ${MAX_REPLAY_LOG_ENTRIES.toLocaleString('en')} are read.`);
  }
  const runLog: RunLogItem[] = [];
  for (let index = 0; index < raw.runLog.length; index++) {
    const entry = readEntry(raw.runLog[index], index);
    if (typeof entry === 'string') return fail(entry);
    runLog.push(entry);
  }
  if (raw.version < REPLAY_VERSION) {
    // Every state the run went through: the start, then the settings after each live change.
    const states: Partial<Settings>[] = [settings];
    for (const entry of runLog) if ('changes' in entry) states.push({ ...states[states.length - 1], ...entry.changes });
    const problem = replayVersionProblem(raw.version, states);
    if (problem !== null) return fail(problem);
  }
  return { ok: true, replay: { format: REPLAY_FORMAT, version: REPLAY_VERSION, settings, seed: settings.seed, steps: raw.steps, runLog }, notes };
}

/** A file name for a replay, e.g. "playground-replay-spirals-seed-1-step-1200.json". */
export function replayFileName(settings: Settings, steps: number): string {
  return `playground-replay-${settings.dataset}-seed-${settings.seed}-step-${steps}.json`;
}
