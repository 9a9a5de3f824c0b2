import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine/rng';
import { decodeUtf8, decodeUtf8Strict } from '../../../src/data/utf8';

/** The platform's verdict: text, or null for invalid UTF-8 or a NUL byte. */
function reference(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}

describe('UTF-8 decoding', () => {
  it('our fallback decoder agrees with TextDecoder on text and on random bytes', () => {
    const samples = ['', 'a,b\n1,2', 'café;naïve\r\n', '\u{1F600} emoji', '\uFEFFbom,x\n1,2', 'Ελληνικά,日本語'];
    for (const text of samples) {
      const bytes = new TextEncoder().encode(text);
      expect(decodeUtf8Strict(bytes)).toBe(reference(bytes));
      expect(decodeUtf8(bytes)).toBe(reference(bytes));
    }
    const rng = createStream(7, 'test/utf8');
    for (let trial = 0; trial < 300; trial++) {
      // Biased toward ASCII and valid lead bytes so that some random strings are valid.
      const bytes = new Uint8Array(rng.int(40));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.uniform() < 0.7 ? 32 + rng.int(95) : 128 + rng.int(128);
      expect(decodeUtf8Strict(bytes)).toBe(reference(bytes));
    }
  });

  it('refuses NUL bytes, lone continuation bytes, overlong forms and surrogates', () => {
    for (const bytes of [[0x61, 0x00], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(decodeUtf8Strict(new Uint8Array(bytes))).toBeNull();
      expect(decodeUtf8(new Uint8Array(bytes))).toBeNull();
    }
  });
});
