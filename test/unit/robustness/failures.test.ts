// The numbered failures of issue 17 ("Never stuck, never silent"), one named test each (failure 1,
// the dead or hung worker, is the watchdog's: "failure 1" in test/unit/state/runHandle.test.ts and
// test/e2e/watchdog.spec.ts). Browser tests for the same
// faults: test/e2e/robustness.spec.ts; the jsdom parts of failures 2 and 3: test/component/csvSession.test.tsx.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeUrl } from '../../../src/state/urlState';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { missingCsvNotice, shareableSettings } from '../../../src/state/missingCsv';
import { embedPageAddress, embedSnippet } from '../../../src/ui/embed/snippet';
import { restoreStoredCsv, setCsvVaultBackend, storeCsv, csvVaultStore, type StoredCsvRecord } from '../../../src/state/csvVault';
import { CSV_MESSAGES, parseCsv, parseCsvBlob } from '../../../src/data';
import { parseEmbedMessage } from '../../../src/ui/embed/embedProtocol';
import { EmbedCommandQueue, MAX_ERRORS_PER_FRAME, type EmbedActions } from '../../../src/ui/embed/commandQueue';
import { chartMarkers, MAX_CHANGE_MARKERS } from '../../../src/ui/panels/LossPanel';
import { parseSettingsJson, SETTINGS_FORMAT } from '../../../src/ui/export/settingsFile';
import { MAX_REPLAY_FILE_BYTES, MAX_REPLAY_LOG_ENTRIES, parseReplayJson, replayToJson } from '../../../src/ui/export/replayFile';
import { MAX_LISTED_PROBLEMS } from '../../../src/state/problemList';
import { EMBED_DEMO_POLICY, hostHeadersFile } from '../../../scripts/vite-plugins';
import { isInForeignFrame } from '../../../src/ui/shell/FramedRefusal';
import { isLessonId } from '../../../src/state/urlState';
import { LESSON_BY_ID, LESSONS } from '../../../src/ui/lessons/lessons';
import type { RunLogEntry } from '../../../src/worker/protocol';

const GOOD_CSV = `x,y,label\n${Array.from({ length: 30 }, (_, i) => `${Math.sin(i).toFixed(3)},${Math.cos(i * 0.7).toFixed(3)},${i % 2}`).join('\n')}\n`;

/** A vault backend in memory, as IndexedDB would keep it. */
function memoryBackend() {
  let record: StoredCsvRecord | undefined;
  return { get: async () => record, put: async (next: StoredCsvRecord) => void (record = next), remove: async () => void (record = undefined), peek: () => record };
}

describe('failure 2: a CSV session no longer poisons later visits', () => {
  it('the CSV file is kept in this browser and restored (parsed and checked again); a broken record is forgotten', async () => {
    const backend = memoryBackend();
    setCsvVaultBackend(backend);
    const file = new Blob([GOOD_CSV], { type: 'text/csv' });
    expect(await storeCsv({ name: 'good.csv', file, options: { labelColumn: 'label', task: 'auto' } })).toBe(true);
    expect(csvVaultStore.getState().stored).toEqual({ name: 'good.csv' });
    const restored = await restoreStoredCsv(parseCsvBlob);
    expect(restored?.name).toBe('good.csv');
    expect(restored?.table.rows).toBe(30);
    // A stored label column the file no longer has: forgotten, not restored.
    await storeCsv({ name: 'good.csv', file, options: { labelColumn: 'gone', task: 'auto' } });
    expect(await restoreStoredCsv(parseCsvBlob)).toBeNull();
    expect(backend.peek()).toBeUndefined();
    expect(csvVaultStore.getState().stored).toBeNull();
    // No storage at all (private mode, embeds): nothing restored, nothing thrown.
    setCsvVaultBackend(null);
    expect(await restoreStoredCsv(parseCsvBlob)).toBeNull();
    expect(await storeCsv({ name: 'x.csv', file, options: { labelColumn: 'label', task: 'auto' } })).toBe(false);
  });

  it('the embed snippet never carries data=csv (a dead widget) and points at embed.html; the notices say how to get the file back', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, dataset: 'csv' };
    const snippet = embedSnippet(embedPageAddress({ origin: 'https://example.org', pathname: '/play/index.html' }), shareableSettings(settings, DEFAULT_SETTINGS.dataset), { panels: ['loss'] });
    expect(snippet).toContain('src="https://example.org/play/embed.html?');
    expect(snippet).not.toContain('data=csv');
    expect(snippet).toContain(`data=${DEFAULT_SETTINGS.dataset}`);
    expect(missingCsvNotice('spirals', false)).toMatch(/not stored in this browser.*Spirals dataset.*"Load a CSV file" in the Data section/);
    // The widget has no Data section: its notice does not send readers there.
    expect(missingCsvNotice('spirals', true)).not.toContain('Data section');
  });
});

describe('failure 4: lesson ids and repeated keys', () => {
  it('"constructor" and other inherited names are not lessons; real ids are', () => {
    expect(isLessonId('constructor', LESSON_BY_ID)).toBe(false);
    expect(isLessonId('toString', LESSON_BY_ID)).toBe(false);
    expect(isLessonId('__proto__', LESSON_BY_ID)).toBe(false);
    for (const lesson of LESSONS) expect(isLessonId(lesson.id, LESSON_BY_ID)).toBe(true);
    expect(decodeUrl('?lesson=__proto__').problems).toContain('There is no lesson "__proto__"; the first lesson is shown.');
  });

  it('a repeated key is named in the notice, and the last value is used', () => {
    const decoded = decodeUrl('?seed=0&n=100&seed=1999');
    expect(decoded.settings.seed).toBe(1999);
    expect(decoded.problems).toContain('"seed" appears 2 times in the link; the last value is used.');
  });
});

describe('failure 5: embed mode', () => {
  it('the command {toString: null} is refused with a message, not an uncaught TypeError', () => {
    const hostile = { type: 'regularization-playground:command', command: { toString: null } };
    expect(() => parseEmbedMessage(hostile)).not.toThrow();
    expect(parseEmbedMessage(hostile)).toEqual({ command: null, problems: ['The command must be a string such as "play" (got an object).'] });
    for (const command of [null, 42, ['play'], Symbol.iterator, () => 'play']) {
      const parsed = parseEmbedMessage({ type: 'regularization-playground:command', command });
      expect(parsed.command).toBeNull();
      expect(parsed.problems).toHaveLength(1);
    }
  });

  it('bad values in an embed link get the same notice as in the app', () => {
    const decoded = decodeUrl('?embed=1&lr=abc&panels=loss,evil&seed=-5');
    expect(decoded.view.embed).toBe(true);
    expect(decoded.problems.length).toBe(3);
  });

  it('5,000 setSettings in a row apply one settings change per frame; errors to the parent are capped', () => {
    const applied: Partial<Settings>[] = [];
    const errors: string[] = [];
    const frames: (() => void)[] = [];
    const actions: EmbedActions = { applySettings: (patch) => applied.push(patch), reset() {}, play() {}, pause() {}, setTheme() {}, reportError: (message) => errors.push(message) };
    const queue = new EmbedCommandQueue(actions, (flush) => frames.push(flush));
    for (let index = 0; index < 5000; index++) {
      const { command, problems } = parseEmbedMessage({ type: 'regularization-playground:command', command: 'setSettings', settings: { l2Enabled: index % 2 === 0, l2: 0.001 + index * 1e-7, bogus: 1 } });
      queue.refuse(problems);
      if (command) queue.push(command);
    }
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(applied).toHaveLength(1);
    expect(applied[0].l2Enabled).toBe(false); // the last of the burst
    expect(errors).toHaveLength(MAX_ERRORS_PER_FRAME + 1);
    expect(errors.at(-1)).toBe('… and 4,995 more. (refused commands in this frame)');
  });

  it('2,000 live changes draw at most MAX_CHANGE_MARKERS markers (bounded DOM)', () => {
    const log: RunLogEntry[] = Array.from({ length: 2000 }, (_, index) => ({ step: index, epoch: index, changes: { l2Enabled: index % 2 === 0 }, label: 'L2' }));
    const markers = chartMarkers(log, [], null, null);
    expect(markers.length).toBeLessThanOrEqual(MAX_CHANGE_MARKERS + 1);
    expect(markers.at(-1)?.tag).toBe('2000');
  });
});

describe('failure 6: bounded problem lists and files', () => {
  it('a settings file with 70,000 unknown keys lists 20 and counts the rest', () => {
    const settings: Record<string, number> = {};
    for (let index = 0; index < 70_000; index++) settings[`k${index}`] = 0;
    const text = JSON.stringify({ format: SETTINGS_FORMAT, version: 1, settings });
    expect(text.length).toBeLessThan(1_000_000);
    const parsed = parseSettingsJson(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(parsed.problems.at(-1)).toBe('… and 69,980 more.');
  });

  it('replay files have a size limit and a run-log limit, each with a clear message', () => {
    const huge = replayToJson(DEFAULT_SETTINGS, 10, []).replace('"runLog": []', `"runLog": [], "padding": "${'x'.repeat(MAX_REPLAY_FILE_BYTES)}"`);
    expect(parseReplayJson(huge)).toEqual({ ok: false, message: 'This file is too large for a replay file (at most 5 MB).' });
    const entries = Array.from({ length: MAX_REPLAY_LOG_ENTRIES + 1 }, (_, index) => ({ step: index, epoch: 0, action: 'restoreBest', label: '' }));
    const long = JSON.stringify({ format: 'regularization-playground/replay', version: 1, settings: DEFAULT_SETTINGS, seed: DEFAULT_SETTINGS.seed, steps: 10, runLog: entries });
    const parsed = parseReplayJson(long);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('at most 20,000 are read');
  });
});

describe('failure 7a: the data, not the learning rate, named as the cause', () => {
  it('a CSV holding ±1e308 is refused at load with its row and column', () => {
    const result = parseCsv('a,b,label\n1,2,0\n3,1e308,1\n4,5,0\n');
    expect(result).toEqual({ ok: false, message: CSV_MESSAGES.tooLargeValue(3, 'b', '1e308') });
    expect(parseCsv('a,b,label\n1,2,0\n-1e308,1,1\n').ok).toBe(false);
    expect(parseCsv('a,b,label\n1,2,0\n1e15,1,1\n').ok).toBe(true);
  });
});

describe('failure 8: framing', () => {
  it('the built headers let any site frame embed.html only; the full app and the demo refuse foreign frames', () => {
    const headers = hostHeadersFile('./');
    const block = (path: string) => headers.split('\n\n').find((part) => part.split('\n').some((line) => line === path)) ?? '';
    expect(block('/')).toContain("frame-ancestors 'self'");
    expect(block('/index.html')).toContain("frame-ancestors 'self'");
    expect(block('/embed.html')).toContain('frame-ancestors *');
    expect(block('/embed-demo.html')).toContain("frame-ancestors 'none'");
    expect(hostHeadersFile('/sub/path/')).toContain('\n/sub/path/embed.html\n');
  });

  it('the embed demo carries its Content-Security-Policy', () => {
    const html = readFileSync(new URL('../../../public/embed-demo.html', import.meta.url), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${EMBED_DEMO_POLICY}" />`);
  });

  it('the frame check tells a foreign frame from the top window and a same-origin frame', () => {
    const own = { origin: 'https://play.example' };
    const top = { location: own } as unknown as Window;
    const alone = { location: own } as unknown as Window & { top: Window };
    alone.top = alone;
    expect(isInForeignFrame(alone)).toBe(false);
    expect(isInForeignFrame({ location: own, top } as unknown as Window)).toBe(false);
    const foreignTop = {
      get location(): Location {
        throw new DOMException('Blocked a frame', 'SecurityError');
      },
    } as unknown as Window;
    expect(isInForeignFrame({ location: own, top: foreignTop } as unknown as Window)).toBe(true);
  });
});
