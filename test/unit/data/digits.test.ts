import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine/rng';
import {
  DIGITS_CREDIT,
  digitsSplit,
  digitsUrl,
  generateDataset,
  loadDigits,
  parseDigitsBinary,
  type DataSettings,
  type Dataset,
  type DigitsSet,
  type FetchLike,
} from '../../../src/data';
import { defaultDataSettings } from '../../../src/settings/translate';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const binaryPath = (resolution: 14 | 28): string => join(root, 'public', digitsUrl(resolution));

/** The package's own data: per digit, floats in [0, 1], 784 per image. */
function packageDigits(): number[][] {
  const require = createRequire(join(root, 'package.json'));
  const folder = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  return Array.from({ length: 10 }, (_, digit) => JSON.parse(readFileSync(join(folder, `${digit}.json`), 'utf8')).data as number[]);
}

function readBinary(resolution: 14 | 28): ArrayBuffer {
  const bytes = readFileSync(binaryPath(resolution));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Byte equality of two typed arrays (expect().toEqual walks big arrays element by element, slowly). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

let digits28: DigitsSet;
let digits14: DigitsSet;
let fromPackage: number[][];

beforeAll(() => {
  // `npm run test:unit` builds the data first (pretest:unit); a bare `vitest run` may not have.
  if (!existsSync(binaryPath(28)) || !existsSync(binaryPath(14))) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-digits.mjs')], { cwd: root });
  }
  digits28 = parseDigitsBinary(readBinary(28));
  digits14 = parseDigitsBinary(readBinary(14));
  fromPackage = packageDigits();
});

describe('the digits binary', () => {
  it('holds the 10,000 digits of the package with their labels, in package order', () => {
    expect(digits28.count).toBe(10_000);
    expect(digits28.resolution).toBe(28);
    expect(digits28.pixels.length).toBe(10_000 * 784);
    expect(digits14.count).toBe(10_000);
    expect(digits14.pixels.length).toBe(10_000 * 196);
    let index = 0;
    fromPackage.forEach((data, digit) => {
      const images = data.length / 784;
      for (let k = 0; k < images; k++) expect(digits28.labels[index + k]).toBe(digit);
      index += images;
    });
    expect(sameBytes(digits14.labels, digits28.labels)).toBe(true);
  });

  it('reproduces the package pixels for sampled indices (28x28 exactly, 14x14 as 2x2 means)', () => {
    const starts: number[] = [];
    let start = 0;
    for (const data of fromPackage) {
      starts.push(start);
      start += data.length / 784;
    }
    const rng = createStream(42, 'test/digits');
    for (let sample = 0; sample < 60; sample++) {
      const index = rng.int(10_000);
      const digit = digits28.labels[index];
      const within = index - starts[digit];
      const source = fromPackage[digit].slice(within * 784, within * 784 + 784);
      const bytes = source.map((value) => Math.round(value * 255));
      expect(Array.from(digits28.pixels.subarray(index * 784, index * 784 + 784))).toEqual(bytes);
      const small = digits14.pixels.subarray(index * 196, index * 196 + 196);
      for (let r = 0; r < 14; r++) {
        for (let c = 0; c < 14; c++) {
          const top = 2 * r * 28 + 2 * c;
          const mean = (bytes[top] + bytes[top + 1] + bytes[top + 28] + bytes[top + 29]) / 4;
          expect(small[r * 14 + c]).toBe(Math.round(mean));
        }
      }
    }
  });

  it('rejects files that are not digits files with a sentence', () => {
    const message = 'The digits file is damaged or from another version: rebuild it with "npm run data" and reload.';
    const good = new Uint8Array(readBinary(14));
    expect(() => parseDigitsBinary(new ArrayBuffer(3))).toThrow(message);
    expect(() => parseDigitsBinary(good.slice(0, 1000).buffer)).toThrow(message);
    const wrongMagic = good.slice();
    wrongMagic[0] = 0x58;
    expect(() => parseDigitsBinary(wrongMagic.buffer)).toThrow(message);
    const wrongVersion = good.slice();
    wrongVersion[4] = 9;
    expect(() => parseDigitsBinary(wrongVersion.buffer)).toThrow(message);
    const wrongResolution = good.slice();
    wrongResolution[12] = 20;
    expect(() => parseDigitsBinary(wrongResolution.buffer)).toThrow(message);
  });

  it('the build step is idempotent: a second run does nothing and says so', () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-digits.mjs')], { cwd: root });
    const output = execFileSync(process.execPath, [join(root, 'scripts', 'build-digits.mjs')], { cwd: root, encoding: 'utf8' });
    expect(output.trim()).toBe('build-digits: public/data/digits-{28,14}.bin are up to date.');
  });
});

describe('the digits split', () => {
  it('holds out a fixed, stratified 2,000 for validation and 2,000 for test; the other 6,000 are the training pool', () => {
    const split = digitsSplit(digits28.labels);
    expect(split.validation.length).toBe(2000);
    expect(split.test.length).toBe(2000);
    expect(split.pool.length).toBe(6000);
    const all = new Set([...split.validation, ...split.test, ...split.pool]);
    expect(all.size).toBe(10_000);
    // Stratified: each digit's share of the test set is its share of the file (20% of each class).
    const perClass = (indices: Int32Array) => Array.from({ length: 10 }, (_, digit) => Array.from(indices).filter((index) => digits28.labels[index] === digit).length);
    const inFile = Array.from({ length: 10 }, (_, digit) => digits28.labels.filter((label) => label === digit).length);
    perClass(split.test).forEach((count, digit) => expect(count).toBe(Math.round(inFile[digit] * 0.2)));
    expect(digitsSplit(digits28.labels)).toEqual(split);
  });

  function settings(changes: Partial<DataSettings>): DataSettings {
    return { ...defaultDataSettings(), dataset: 'digits', digitsResolution: 14, trainCount: 500, ...changes };
  }

  function classesIn(dataset: Dataset, split: 'train' | 'validation' | 'test'): number[] {
    const counts = new Array(10).fill(0);
    for (const label of dataset[split].targets) counts[label]++;
    return counts;
  }

  it.each([500, 2000, 6000])('trains on %i images with all ten classes in each split', (trainCount) => {
    const dataset = generateDataset(settings({ trainCount }), { digits: digits14 });
    expect(dataset.task).toBe('classification');
    expect(dataset.inputShape).toEqual([14, 14, 1]);
    expect(dataset.imageShape).toEqual([14, 14]);
    expect(dataset.outputSize).toBe(10);
    expect(dataset.train.count).toBe(trainCount);
    expect(dataset.train.inputs.length).toBe(trainCount * 196);
    expect(dataset.validation.count).toBe(2000);
    expect(dataset.test.count).toBe(2000);
    for (const split of ['train', 'validation', 'test'] as const) {
      for (const count of classesIn(dataset, split)) expect(count).toBeGreaterThan(0);
    }
    expect(dataset.credit).toBe(DIGITS_CREDIT);
    expect(dataset.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('keeps the validation set fixed across seeds and training sizes; training grows as a prefix', () => {
    const small = generateDataset(settings({ trainCount: 500, standardize: false }), { digits: digits14 });
    const large = generateDataset(settings({ trainCount: 2000, standardize: false }), { digits: digits14 });
    const otherSeed = generateDataset(settings({ trainCount: 500, seed: 99, standardize: false }), { digits: digits14 });
    for (const other of [large, otherSeed]) {
      expect(other.validation.count).toBe(small.validation.count);
      expect(sameBytes(other.validation.inputs, small.validation.inputs)).toBe(true);
      expect(sameBytes(other.validation.targets, small.validation.targets)).toBe(true);
    }
    expect(sameBytes(large.train.inputs.subarray(0, 500 * 196), small.train.inputs)).toBe(true);
    expect(sameBytes(otherSeed.train.inputs, small.train.inputs)).toBe(false);
    // Training never holds a validation image.
    const split = digitsSplit(digits14.labels);
    const validationRows = new Set(Array.from(split.validation, (index) => digits14.pixels.subarray(index * 196, index * 196 + 196).join(',')));
    const pool = new Set(Array.from(split.pool, (index) => digits14.pixels.subarray(index * 196, index * 196 + 196).join(',')));
    let shared = 0;
    for (let i = 0; i < small.train.count; i++) {
      const row = Array.from(small.train.inputs.subarray(i * 196, i * 196 + 196), (value) => Math.round(value * 255)).join(',');
      expect(pool.has(row)).toBe(true);
      // (MNIST has no exact duplicate images between the two parts.)
      if (validationRows.has(row)) shared++;
    }
    expect(shared).toBe(0);
  });

  it('standardizes with one mean and std over all training pixels', () => {
    const dataset = generateDataset(settings({ standardize: true }), { digits: digits14 });
    expect(dataset.pipeline.mean).toHaveLength(1);
    let sum = 0;
    for (const value of dataset.train.inputs) sum += value;
    expect(sum / dataset.train.inputs.length).toBeCloseTo(0, 4);
  });

  it('refuses to build without the loaded digits, or with the wrong resolution', () => {
    expect(() => generateDataset(settings({}))).toThrow('The digits are not loaded yet: wait for the download to finish.');
    expect(() => generateDataset(settings({ digitsResolution: 28 }), { digits: digits14 })).toThrow(
      'The loaded digits are 14×14, but 28×28 were asked for.',
    );
  });
});

describe('loadDigits', () => {
  function fakeFetch(bytes: Uint8Array, options: { status?: number; chunk?: number; withBody?: boolean; length?: boolean } = {}): {
    fetch: FetchLike;
    urls: string[];
  } {
    const urls: string[] = [];
    const fetch: FetchLike = async (url) => {
      urls.push(url);
      let offset = 0;
      const chunk = options.chunk ?? 300_000;
      return {
        ok: (options.status ?? 200) === 200,
        status: options.status ?? 200,
        headers: { get: (name: string) => (name.toLowerCase() === 'content-length' && options.length !== false ? String(bytes.length) : null) },
        body:
          options.withBody === false
            ? null
            : {
                getReader: () => ({
                  read: async () => {
                    if (offset >= bytes.length) return { done: true };
                    const value = bytes.slice(offset, offset + chunk);
                    offset += chunk;
                    return { done: false, value };
                  },
                }),
              },
        arrayBuffer: async () => bytes.slice().buffer,
      };
    };
    return { fetch, urls };
  }

  it('streams the file, reports progress and parses it', async () => {
    const bytes = new Uint8Array(readBinary(14));
    const { fetch, urls } = fakeFetch(bytes);
    const progress: [number, number][] = [];
    const set = await loadDigits(14, fetch, (loaded, total) => progress.push([loaded, total]));
    expect(urls).toEqual(['data/digits-14.bin']);
    expect(set.count).toBe(10_000);
    expect(sameBytes(set.pixels, digits14.pixels)).toBe(true);
    expect(progress[0]).toEqual([0, bytes.length]);
    expect(progress[progress.length - 1]).toEqual([bytes.length, bytes.length]);
    expect(progress.length).toBeGreaterThan(3);
  });

  it('resolves the URL against a page URL (for callers inside a worker)', async () => {
    const { fetch, urls } = fakeFetch(new Uint8Array(readBinary(14)), { withBody: false });
    await loadDigits(14, fetch, () => {}, 'https://example.org/app/index.html?x=1#top');
    expect(urls).toEqual(['https://example.org/app/data/digits-14.bin']);
  });

  it('says why when the download fails', async () => {
    const { fetch } = fakeFetch(new Uint8Array(0), { status: 404 });
    await expect(loadDigits(28, fetch, () => {})).rejects.toThrow(
      'The digits could not be downloaded (HTTP 404): the app was built without its data ("npm run data" makes it).',
    );
    const failing: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(loadDigits(28, failing, () => {})).rejects.toThrow('The digits could not be downloaded: check the connection and try again.');
  });
});
