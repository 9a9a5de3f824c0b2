/**
 * Strict UTF-8 decoding: invalid sequences and NUL bytes mean "not text". Uses the platform's
 * TextDecoder when there is one (4x faster); the data layer's lib has no DOM types, so it is looked
 * up structurally, and a small decoder of our own stands in where it is missing.
 */

type StrictDecoder = { decode(bytes: Uint8Array): string };
type DecoderConstructor = new (label: string, options: { fatal: boolean }) => StrictDecoder;

/** Decodes with the platform's TextDecoder; null when the bytes are not UTF-8 text. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  const Decoder = (globalThis as { TextDecoder?: DecoderConstructor }).TextDecoder;
  if (!Decoder) return decodeUtf8Strict(bytes);
  let text: string;
  try {
    // TextDecoder drops a leading byte-order mark itself.
    text = new Decoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return text.includes('\u0000') ? null : text;
}

/** Decoded text, or null when the bytes are not UTF-8 text (invalid sequence or a NUL byte). */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  let start = 0;
  // Skip a UTF-8 byte-order mark.
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const parts: string[] = [];
  let codes: number[] = [];
  const flush = (): void => {
    if (codes.length > 0) {
      parts.push(String.fromCharCode(...codes));
      codes = [];
    }
  };
  let i = start;
  while (i < bytes.length) {
    const b0 = bytes[i];
    let codePoint: number;
    let length: number;
    if (b0 < 0x80) {
      if (b0 === 0) return null;
      codePoint = b0;
      length = 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      codePoint = b0 & 0x1f;
      length = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      codePoint = b0 & 0x0f;
      length = 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      codePoint = b0 & 0x07;
      length = 4;
    } else {
      return null;
    }
    if (i + length > bytes.length) return null;
    for (let k = 1; k < length; k++) {
      const continuation = bytes[i + k];
      if ((continuation & 0xc0) !== 0x80) return null;
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if (
      (length === 3 && codePoint < 0x800) ||
      (length === 4 && (codePoint < 0x10000 || codePoint > 0x10ffff)) ||
      (codePoint >= 0xd800 && codePoint <= 0xdfff)
    ) {
      return null;
    }
    if (codePoint >= 0x10000) {
      const offset = codePoint - 0x10000;
      codes.push(0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff));
    } else {
      codes.push(codePoint);
    }
    if (codes.length >= 8192) flush();
    i += length;
  }
  flush();
  return parts.join('');
}
