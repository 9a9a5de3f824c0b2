// The hostile-user fuzz suite of issue 17: seeded, fixed counts (FUZZ_COUNTS, quoted in the README),
// bounded in time. Every input is built bad on purpose (a valid input plus a known-bad mutation) or
// valid by construction, so each check is exact: no uncaught error, a notice for each bad input,
// capped lists, nothing leaks onto Object.prototype, and Step still trains after each input.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createStream, type Rng } from '../../../src/engine/rng';
import { decodeUrl, DEFAULT_VIEW, encodeUrl } from '../../../src/state/urlState';
import { DEFAULT_SETTINGS, SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { checkValue } from '../../../src/settings/settingsValidation';
import { MAX_LISTED_PROBLEMS } from '../../../src/state/problemList';
import { setUi, uiStore } from '../../../src/state/uiStore';
import { checkLinkedLesson } from '../../../src/ui/startup';
import { LESSON_BY_ID, LESSONS } from '../../../src/ui/lessons/lessons';
import { checkCsvOptions, defaultCsvOptions, parseCsv, parseDigitsBinary, type DigitsSet } from '../../../src/data';
import { parseSettingsJson, settingsToJson } from '../../../src/ui/export/settingsFile';
import { parseReplayJson, replayToJson } from '../../../src/ui/export/replayFile';
import { parseEmbedMessage } from '../../../src/ui/embed/embedProtocol';
import { EmbedCommandQueue } from '../../../src/ui/embed/commandQueue';
import { PROTOCOL_VERSION, type DataSources } from '../../../src/worker/protocol';
import { createFakeSession } from '../worker/fakeHost';

/** How many inputs of each kind the suite tries (the README quotes these). */
export const FUZZ_COUNTS = { links: 540, csvFiles: 120, settingsFiles: 100, replayFiles: 100, embedMessages: 1000 } as const;
/** Most lines a capped list may have: the listed problems and the "… and N more." line. */
const CAP = MAX_LISTED_PROBLEMS + 1;
/** Settings that keep one fuzzed Step cheap (the fuzzing is of the inputs, not of the engine's speed). */
const CHEAP = { trainCount: 200 } as const;

const digitsCache = new Map<number, DigitsSet>();
function digits(resolution: 14 | 28): DigitsSet {
  let set = digitsCache.get(resolution);
  if (!set) {
    const bytes = readFileSync(new URL(`../../../public/data/digits-${resolution}.bin`, import.meta.url));
    set = parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    digitsCache.set(resolution, set);
  }
  return set;
}

let steps = 0;
/** Builds a run from `settings` as the page would (a CSV it does not have falls back to the default) and trains one minibatch. */
function expectStepWorks(settings: Settings, csv?: DataSources['csv']): void {
  const run: Settings = { ...settings, ...CHEAP, dataset: settings.dataset === 'csv' && !csv ? DEFAULT_SETTINGS.dataset : settings.dataset };
  const sources: DataSources = {};
  if (run.dataset === 'digits') sources.digits = digits(run.digitsResolution === '28' ? 28 : 14);
  if (run.dataset === 'csv') sources.csv = csv;
  const fake = createFakeSession();
  fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: run, sources, replayLog: [] });
  fake.session.handle({ type: 'step', unit: 'batch', count: 1 });
  fake.pump();
  expect(fake.ofType('error'), JSON.stringify(fake.ofType('error'))).toEqual([]);
  const ready = fake.ofType('ready');
  expect(ready.length).toBe(1);
  expect(fake.ofType('phase').at(-1)?.step ?? fake.ofType('metrics').at(-1)?.step).toBe(1);
  steps++;
}

function expectNoPollution(): void {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

function expectValidSettings(settings: Partial<Settings>): void {
  for (const [key, value] of Object.entries(settings)) {
    expect(Object.hasOwn(DEFAULT_SETTINGS, key), key).toBe(true);
    const row = SETTINGS.find((candidate) => candidate.key === key)!;
    expect(checkValue(row, value, false).ok, `${key}=${JSON.stringify(value)}`).toBe(true);
  }
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function junk(rng: Rng, length = 1 + rng.int(20)): string {
  return String.fromCharCode(...Array.from({ length }, () => 33 + rng.int(0x2000)));
}

/** A random valid change to the defaults (a few settings). */
function someValidSettings(rng: Rng): Settings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (let count = rng.int(4); count > 0; count--) {
    const row = pick(rng, SETTINGS);
    const kind = row.kind;
    if (kind.type === 'boolean') settings[row.key] = rng.uniform() < 0.5;
    else if (kind.type === 'enum') settings[row.key] = pick<{ value: string }>(rng, kind.options).value;
    else if (kind.type === 'int') settings[row.key] = kind.min + rng.int(Math.min(kind.max - kind.min + 1, 50));
    else if (kind.type === 'number') settings[row.key] = Number((kind.min + rng.uniform() * (kind.max - kind.min)).toPrecision(4));
    else settings[row.key] = Array.from({ length: kind.minLength + rng.int(Math.min(3, kind.maxLength - kind.minLength + 1)) }, () => kind.min + rng.int(Math.min(16, kind.max - kind.min + 1)));
  }
  return settings as Settings;
}

// ------------------------------------------------------------------ links

const NUMBER_URLS = SETTINGS.filter((row) => row.kind.type === 'number' || row.kind.type === 'int').map((row) => row.url);
const ENUM_URLS = SETTINGS.filter((row) => row.kind.type === 'enum').map((row) => row.url);

/** Known-bad link mutations: each must produce at least one notice line. */
const LINK_MUTATIONS: ((rng: Rng) => string)[] = [
  (rng) => `${pick(rng, NUMBER_URLS)}=${pick(rng, ['abc', 'NaN', '1e999', '-1e999', '', '0x1g', junk(rng)])}`,
  (rng) => `${pick(rng, ENUM_URLS)}=${encodeURIComponent(pick(rng, ['<script>', 'constructor', '__proto__', junk(rng)]))}`,
  (rng) => `zz${rng.int(1000)}=${encodeURIComponent(junk(rng))}`,
  () => `__proto__[polluted]=1`,
  (rng) => `lesson=${pick(rng, ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'no-such-lesson', 'UPPER', '../x'])}`,
  (rng) => `panels=loss,${encodeURIComponent(pick(rng, ['evil', 'constructor', junk(rng)]))}`,
  (rng) => `theme=${encodeURIComponent(pick(rng, ['neon', '', junk(rng)]))}`,
  (rng) => `hide=${encodeURIComponent(pick(rng, ['nope', 'constructor', junk(rng)]))}`,
  (rng) => `seed=${rng.int(10)}&seed=${rng.int(10)}`,
  (rng) => `h=${Array.from({ length: 11 + rng.int(40) }, () => 1 + rng.int(9)).join('-')}`,
  (rng) => `b.${pick(rng, NUMBER_URLS)}=${pick(rng, ['abc', '1e999'])}&compare=1`,
  (rng) => `${'x'.repeat(500 + rng.int(5000))}=1`,
  () => Array.from({ length: 5000 }, (_, index) => `k${index}=1`).join('&'),
];

describe('fuzz: links', () => {
  it(`${FUZZ_COUNTS.links} hostile links: each named in a capped notice; the page's settings stay valid and Step works`, { timeout: 60_000 }, async () => {
    const rng = createStream(1701, 'test/fuzz-links');
    for (let trial = 0; trial < FUZZ_COUNTS.links; trial++) {
      const base = encodeUrl(someValidSettings(rng), rng.uniform() < 0.2 ? { embed: true } : {});
      const mutations = Array.from({ length: 1 + rng.int(3) }, () => pick(rng, LINK_MUTATIONS)(rng));
      const link = `${base}&${mutations.join('&')}`;
      const decoded = decodeUrl(link);
      // What the page does before its first render: the lesson id against the lesson table.
      setUi({ view: decoded.view, linkProblems: decoded.problems });
      await checkLinkedLesson(async () => LESSON_BY_ID);
      const { view, linkProblems } = uiStore.getState();
      expect(linkProblems.length, link.slice(0, 200)).toBeGreaterThan(0);
      expect(linkProblems.length).toBeLessThanOrEqual(CAP + 1);
      expect(view.lesson === null || Object.hasOwn(LESSON_BY_ID, view.lesson)).toBe(true);
      expectValidSettings(decoded.settings);
      expectNoPollution();
      expectStepWorks({ ...DEFAULT_SETTINGS, ...decoded.settings });
    }
    setUi({ view: DEFAULT_VIEW, linkProblems: [] });
  });

  it('every lesson id opens its lesson, without a notice', () => {
    for (const lesson of LESSONS) expect(decodeUrl(`?lesson=${lesson.id}`)).toMatchObject({ problems: [], view: { lesson: lesson.id } });
  });
});

// ------------------------------------------------------------------ CSV

function validCsv(rng: Rng): string {
  const rows = 20 + rng.int(40);
  const lines = ['x,y,label'];
  for (let row = 0; row < rows; row++) {
    const x = rng.uniform() * 4 - 2;
    const y = rng.uniform() * 4 - 2;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${x * y > 0 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Known-bad CSV mutations of a valid file's lines: each must be refused with a message. */
/** `lines` with one data row (chosen by `rng`) replaced by `change(row)`. */
function changeOneRow(lines: string[], rng: Rng, change: (line: string) => string): string {
  const target = 1 + rng.int(lines.length - 1);
  return lines.map((line, index) => (index === target ? change(line) : line)).join('\n');
}

const CSV_MUTATIONS: ((lines: string[], rng: Rng) => string)[] = [
  (lines, rng) => changeOneRow(lines, rng, (line) => line.split(',').slice(0, 2).join(',')),
  (lines, rng) => changeOneRow(lines, rng, (line) => `,${line.split(',').slice(1).join(',')}`),
  (lines, rng) => changeOneRow(lines, rng, (line) => `${pick(rng, ['NaN', 'Infinity', '-inf', '1e308', '-1e308', '1e16', 'abc'])},${line.split(',').slice(1).join(',')}`),
  (lines) => [lines[0], '"1,2,0', ...lines.slice(1)].join('\n'),
  (lines) => ['x,x,label', ...lines.slice(1)].join('\n'),
  (lines) => lines[0],
  () => '',
  () => '\u0000\u0001PNG\u0000',
  (lines) => lines.map((line) => line.split(',')[0]).join('\n'),
  (lines) => [`${Array.from({ length: 1001 }, (_, index) => `c${index}`).join(',')}`, ...lines.slice(1)].join('\n'),
];

describe('fuzz: CSV files', () => {
  it(`${FUZZ_COUNTS.csvFiles} CSV files: each bad one refused with its message (the dataset stays), each good one trains`, { timeout: 60_000 }, () => {
    const rng = createStream(1702, 'test/fuzz-csv');
    let refused = 0;
    for (let trial = 0; trial < FUZZ_COUNTS.csvFiles; trial++) {
      const lines = validCsv(rng).trimEnd().split('\n');
      const bad = trial % 3 !== 0;
      const text = bad ? pick(rng, CSV_MUTATIONS)(lines, rng) : pick(rng, [lines.join('\n'), lines.join('\r\n'), lines.map((line) => line.replace(/,/g, ';')).join('\n')]);
      const parsed = parseCsv(text);
      const check = parsed.ok ? checkCsvOptions(parsed.table, defaultCsvOptions(parsed.table)) : null;
      if (bad) {
        const message = parsed.ok ? (check && !check.ok ? check.message : null) : parsed.message;
        expect(typeof message === 'string' && message.length > 0, text.slice(0, 80)).toBe(true);
        refused++;
        // The page keeps its dataset: training goes on.
        expectStepWorks(DEFAULT_SETTINGS);
      } else {
        expect(parsed.ok && check?.ok).toBe(true);
        if (parsed.ok) expectStepWorks({ ...DEFAULT_SETTINGS, dataset: 'csv' }, { table: parsed.table, options: defaultCsvOptions(parsed.table) });
      }
    }
    expect(refused).toBeGreaterThan(FUZZ_COUNTS.csvFiles / 2);
  });
});

// ------------------------------------------------------------------ settings and replay files

const FILE_MUTATIONS: ((file: Record<string, unknown>, rng: Rng) => string)[] = [
  (file, rng) => JSON.stringify(file).slice(0, 1 + rng.int(40)),
  (file) => JSON.stringify({ ...file, format: 'something-else' }),
  (file) => JSON.stringify({ ...file, version: 99 }),
  (file) => JSON.stringify({ ...file, settings: [1, 2, 3] }),
  (file, rng) => JSON.stringify({ ...file, settings: { ...(file.settings as object), [pick(rng, SETTINGS).key]: pick(rng, [null, 'abc', 1e308, -1, [], {}, true]) } }).replace('"l2Enabled":false', '"l2Enabled":"maybe"'),
  (file) => JSON.stringify(file).replace('"settings":{', '"settings":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},'),
  (file, rng) => JSON.stringify({ ...file, settings: Object.fromEntries(Array.from({ length: 100 + rng.int(3000) }, (_, index) => [`unknown${index}`, index])) }),
  () => 'null',
  () => '[]',
];

describe('fuzz: settings and replay files', () => {
  it(`${FUZZ_COUNTS.settingsFiles} settings files: each bad one refused or listed (capped); what is applied is valid and Step works`, { timeout: 60_000 }, () => {
    const rng = createStream(1703, 'test/fuzz-settings');
    for (let trial = 0; trial < FUZZ_COUNTS.settingsFiles; trial++) {
      const file = JSON.parse(settingsToJson(someValidSettings(rng))) as Record<string, unknown>;
      const text = pick(rng, FILE_MUTATIONS)(file, rng);
      const parsed = parseSettingsJson(text);
      if (parsed.ok) {
        // A file that parsed had something wrong with its settings: listed, capped.
        expect(parsed.problems.length, text.slice(0, 120)).toBeGreaterThan(0);
        expect(parsed.problems.length).toBeLessThanOrEqual(CAP);
        expectValidSettings(parsed.settings);
        expectStepWorks({ ...DEFAULT_SETTINGS, ...parsed.settings });
      } else {
        expect(parsed.message.length).toBeGreaterThan(0);
        expectStepWorks(DEFAULT_SETTINGS);
      }
      expectNoPollution();
    }
  });

  it(`${FUZZ_COUNTS.replayFiles} replay files: each bad one refused with one message`, { timeout: 60_000 }, () => {
    const rng = createStream(1704, 'test/fuzz-replay');
    const replayMutations: ((file: Record<string, unknown>, rng: Rng) => string)[] = [
      ...FILE_MUTATIONS,
      (file) => JSON.stringify({ ...file, steps: -1 }),
      (file) => JSON.stringify({ ...file, steps: 1e12 }),
      (file) => JSON.stringify({ ...file, seed: 'x' }),
      (file) => JSON.stringify({ ...file, runLog: [{ step: 1, epoch: 0, changes: { learningRate: 99 } }] }),
      (file) => JSON.stringify({ ...file, runLog: [{ step: 1, epoch: 0, action: 'explode' }] }),
      (file) => JSON.stringify({ ...file, runLog: 'none' }),
    ];
    for (let trial = 0; trial < FUZZ_COUNTS.replayFiles; trial++) {
      const settings = someValidSettings(rng);
      const file = JSON.parse(replayToJson(settings, rng.int(100), [])) as Record<string, unknown>;
      const text = pick(rng, replayMutations)(file, rng);
      const parsed = parseReplayJson(text);
      expect(parsed.ok, text.slice(0, 120)).toBe(false);
      if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(0);
      expectNoPollution();
    }
    expectStepWorks(DEFAULT_SETTINGS);
  });
});

// ------------------------------------------------------------------ embed messages

function randomValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(9)) {
    case 0:
      return null;
    case 1:
      return rng.uniform() < 0.5;
    case 2:
      return pick(rng, [NaN, Infinity, -1, 1e308, 0.5, 3]);
    case 3:
      return junk(rng);
    case 4:
      return pick(rng, SETTINGS).key;
    case 5:
      return depth > 2 ? [] : Array.from({ length: rng.int(3) }, () => randomValue(rng, depth + 1));
    case 6:
      return depth > 2 ? {} : { toString: null, valueOf: null, [pick(rng, SETTINGS).key]: randomValue(rng, depth + 1) };
    case 7:
      return pick(rng, ['play', 'pause', 'reset', 'setSettings', 'setTheme']);
    default:
      return undefined;
  }
}

describe('fuzz: embed messages', () => {
  it(`${FUZZ_COUNTS.embedMessages} parent messages in frames of 10: each refused command answered with an error, one settings change per frame, Step works after each frame`, { timeout: 60_000 }, () => {
    const rng = createStream(1705, 'test/fuzz-embed');
    let settings: Settings = { ...DEFAULT_SETTINGS };
    let applied = 0;
    let errors = 0;
    const frames: (() => void)[] = [];
    const queue = new EmbedCommandQueue(
      {
        applySettings: (patch) => {
          applied++;
          settings = { ...settings, ...patch };
        },
        reset() {},
        play() {},
        pause() {},
        setTheme() {},
        reportError: () => errors++,
      },
      (flush) => frames.push(flush),
    );
    let refusedMessages = 0;
    for (let frame = 0; frame < FUZZ_COUNTS.embedMessages / 10; frame++) {
      for (let index = 0; index < 10; index++) {
        const message = {
          type: rng.uniform() < 0.9 ? 'regularization-playground:command' : randomValue(rng),
          command: rng.uniform() < 0.7 ? pick(rng, ['play', 'pause', 'reset', 'setSettings', 'setTheme', 'explode']) : randomValue(rng),
          settings: randomValue(rng),
          theme: rng.uniform() < 0.5 ? pick(rng, ['light', 'dark', 'auto']) : randomValue(rng),
        };
        const parsed = parseEmbedMessage(message);
        if (message.type === 'regularization-playground:command' && parsed.command === null) {
          // Ours, and refused: the parent hears why.
          expect(parsed.problems.length, JSON.stringify(message)).toBeGreaterThan(0);
          refusedMessages++;
        }
        expect(parsed.problems.length).toBeLessThanOrEqual(CAP + 1);
        queue.refuse(parsed.problems);
        if (parsed.command) queue.push(parsed.command);
      }
      const before = applied;
      while (frames.length > 0) frames.shift()!();
      expect(applied - before).toBeLessThanOrEqual(1);
      expectValidSettings(settings);
      expectNoPollution();
      expectStepWorks(settings);
    }
    expect(refusedMessages).toBeGreaterThan(50);
    expect(errors).toBeGreaterThan(0);
  });
});

afterAll(() => {
  // The suite's own check that it did what it says: one Step per input (links, CSV files, settings files, frames).
  expect(steps).toBeGreaterThan(0);
});
