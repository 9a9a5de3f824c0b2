import { describe, expect, it } from 'vitest';
import { decodeUrl, encodeUrl, settingsFromUrl } from '../../../src/state/urlState';
import { DEFAULT_SETTINGS, SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { checkValue } from '../../../src/settings/settingsValidation';
import { createStream, type Rng } from '../../../src/engine/rng';
import { checkedPatch } from '../../checkedSettings';

/** A random valid value for every row of the table. */
function randomSettings(rng: Rng): Settings {
  const settings: Record<string, unknown> = {};
  for (const row of SETTINGS) {
    const kind = row.kind;
    switch (kind.type) {
      case 'boolean':
        settings[row.key] = rng.uniform() < 0.5;
        break;
      case 'enum':
        settings[row.key] = kind.options[rng.int(kind.options.length)].value;
        break;
      case 'int':
        settings[row.key] = kind.min + rng.int(kind.max - kind.min + 1);
        break;
      case 'number': {
        const t = rng.uniform();
        settings[row.key] = kind.scale === 'log' ? Number((kind.min * (kind.max / kind.min) ** t).toPrecision(6)) : Number((kind.min + t * (kind.max - kind.min)).toPrecision(6));
        break;
      }
      case 'intList': {
        const length = kind.minLength + rng.int(kind.maxLength - kind.minLength + 1);
        settings[row.key] = Array.from({ length }, () => kind.min + rng.int(kind.max - kind.min + 1));
        break;
      }
    }
  }
  return settings as Settings;
}

function expectInRange(settings: Partial<Settings>) {
  for (const [key, value] of Object.entries(settings)) {
    const row = SETTINGS.find((candidate) => candidate.key === key)!;
    const checked = checkValue(row, value, false);
    expect(checked.ok, `${key}=${JSON.stringify(value)}`).toBe(true);
  }
}

describe('settings in the URL', () => {
  it('round-trips 300 random valid settings exactly (with a compare state and view)', () => {
    const rng = createStream(42, 'test/url');
    for (let trial = 0; trial < 300; trial++) {
      const settings = randomSettings(rng);
      const compare = checkedPatch({ dropoutEnabled: true, dropoutRate: 0.5 });
      const url = encodeUrl(settings, { lesson: 'dropout', compare, hide: ['l1', 'seed'], panels: ['loss', 'boundary'], theme: 'dark' });
      const decoded = decodeUrl(url);
      expect(decoded.problems).toEqual([]);
      expect(settingsFromUrl(decoded)).toEqual(settings);
      expect(decoded.view.compare).toEqual(compare);
      expect(decoded.view.hide).toEqual(['l1', 'seed']);
      expect(decoded.view.panels).toEqual(['loss', 'boundary']);
      expect(decoded.view.theme).toBe('dark');
      expect(decoded.view.lesson).toBe('dropout');
    }
  });

  it('never throws on random strings and never yields an out-of-range setting', () => {
    const rng = createStream(7, 'test/url-fuzz');
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789=&?%.-_,;+ #\u00e9\u2603\ud83d\ude00';
    const names = SETTINGS.map((row) => row.url);
    for (let trial = 0; trial < 2000; trial++) {
      let text = '';
      const length = rng.int(120);
      for (let i = 0; i < length; i++) {
        const choice = rng.uniform();
        if (choice < 0.15) text += `&${names[rng.int(names.length)]}=`;
        else if (choice < 0.2) text += `&b.${names[rng.int(names.length)]}=`;
        else text += alphabet[rng.int(alphabet.length)];
      }
      const decoded = decodeUrl(text);
      expectInRange(decoded.settings);
      if (decoded.view.compare) expectInRange(decoded.view.compare);
    }
  });

  it('clamps out-of-range numbers and says so; drops malformed values and unknown names', () => {
    const decoded = decodeUrl('?lr=50&dor=abc&zzz=1&h=8-9999&seed=12');
    expect(decoded.settings.learningRate).toBe(10);
    expect(decoded.settings.dropoutRate).toBeUndefined();
    expect(decoded.settings.hiddenLayers).toEqual([8, 512]);
    expect(decoded.settings.seed).toBe(12);
    expect(decoded.problems).toEqual([
      'Learning rate was out of range and set to 10.',
      'Dropout rate must be a number (got "abc"). It was ignored.',
      'Unknown link parameter "zzz" ignored.',
      'Hidden layers was out of range and set to 8-512.',
    ]);
  });

  it('reads the embed view', () => {
    const decoded = decodeUrl('?embed&panels=loss,nope&controls=l2,do&autoplay=1&theme=auto');
    expect(decoded.view.embed).toBe(true);
    expect(decoded.view.panels).toEqual(['loss']);
    expect(decoded.view.controls).toEqual(['l2Enabled', 'dropoutEnabled']);
    expect(decoded.view.autoplay).toBe(true);
    expect(decoded.problems).toEqual(['Unknown panel "nope" ignored.']);
    expect(decoded.hasSettings).toBe(false);
    expect(settingsFromUrl(decoded)).toEqual(DEFAULT_SETTINGS);
  });
});
