import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine';
import { DEFAULT_SETTINGS, SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { parseSettingsJson, settingsFileName, settingsToJson, SETTINGS_FORMAT } from '../../../src/ui/export/settingsFile';

const file = (settings: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ format: SETTINGS_FORMAT, version: 1, settings, ...extra });

describe('settings file', () => {
  it('round-trips every setting', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, dataset: 'moons', hiddenLayers: [16, 8, 4], l2Enabled: true, l2: 0.0003, dropoutLayerRates: [10, 20], digitsResolution: '28', seed: 4242 };
    const text = settingsToJson(settings);
    expect(JSON.parse(text)).toMatchObject({ format: 'regularization-playground/settings', version: 1 });
    const read = parseSettingsJson(text);
    expect(read).toEqual({ ok: true, settings, problems: [] });
    expect(settingsFileName(settings)).toBe('playground-settings-moons-seed-4242.json');
  });

  it('refuses what is not JSON or not a settings file, with a sentence', () => {
    const cases: [string, RegExp][] = [
      ['', /not JSON/],
      ['{"format":', /not JSON/],
      ['[1, 2]', /not a settings file/],
      ['"settings"', /not a settings file/],
      ['null', /not a settings file/],
      [JSON.stringify({ settings: { noise: 0.1 } }), /not a playground settings file.*expected format/],
      [JSON.stringify({ format: 'regularization-playground/replay', version: 1, settings: {} }), /its format is "regularization-playground\/replay"/],
      [file({}, { version: 2 }), /version 2, newer/],
      [file({}, { version: '1' }), /no valid version/],
      [file([1, 2]), /no "settings" object/],
      [file('noise=0.1'), /no "settings" object/],
    ];
    for (const [text, message] of cases) {
      const read = parseSettingsJson(text);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.message).toMatch(message);
    }
  });

  it('clamps out-of-range numbers with a message, drops unknown keys and wrong types', () => {
    const settings = JSON.stringify({ noise: 7, batchSize: 0, learningRate: 0.05, bogus: 1, dropoutEnabled: 'maybe', hiddenLayers: [4, 9999] });
    // A "__proto__" key in JSON is an own property: it must be ignored, never merged into a prototype.
    const read = parseSettingsJson(`{"format":"${SETTINGS_FORMAT}","version":1,"settings":{"__proto__":{"polluted":true},${settings.slice(1)}}`);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.settings).toEqual({ noise: 1, batchSize: 1, learningRate: 0.05, hiddenLayers: [4, 512] });
    expect(read.problems).toEqual(
      expect.arrayContaining([
        'Noise was out of range and set to 1.',
        'Batch size was out of range and set to 1.',
        'Unknown setting "bogus" ignored.',
        'Unknown setting "__proto__" ignored.',
        expect.stringContaining('Dropout must be on or off'),
        expect.stringContaining('Hidden layers was out of range'),
      ]),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws and never yields an out-of-range value on random input', () => {
    const rng = createStream(5, 'test/settings-fuzz');
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(rng.uniformIn(0, items.length)) % items.length];
    const randomValue = (): unknown => pick([() => rng.normal() * 10 ** Math.round(rng.uniformIn(-6, 6)), () => 'x'.repeat(Math.round(rng.uniformIn(0, 5))), () => rng.uniformIn(0, 1) < 0.5, () => null, () => [1, 'a', 3], () => ({ a: 1 })])();
    for (let trial = 0; trial < 300; trial++) {
      const settings: Record<string, unknown> = {};
      for (let k = 0; k < 6; k++) settings[pick(SETTINGS).key] = randomValue();
      const texts = [file(settings), JSON.stringify(settings), file(settings).slice(0, Math.round(rng.uniformIn(0, 40)))];
      for (const text of texts) {
        const read = parseSettingsJson(text);
        if (!read.ok) continue;
        for (const [key, value] of Object.entries(read.settings)) {
          const row = SETTINGS.find((candidate) => candidate.key === key)!;
          if (row.kind.type === 'number' || row.kind.type === 'int') {
            expect(value as number).toBeGreaterThanOrEqual(row.kind.min);
            expect(value as number).toBeLessThanOrEqual(row.kind.max);
          }
        }
      }
    }
  });
});
