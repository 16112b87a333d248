import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createRandom, type Random } from '../../src/core/random.js';
import type { Matrix } from '../../src/ml/matrix.js';

/** Features of the benchmark data: Friedman's first problem padded to 20 inputs. */
export const FEATURE_COUNT = 20;

/** Column names x1…x20 of the features; the target column is `y`. */
export const FEATURE_NAMES = Array.from({ length: FEATURE_COUNT }, (_, j) => `x${j + 1}`);

/**
 * Draws one row of Friedman's first regression problem with 20 inputs, as
 * scikit-learn's make_friedman1(n_features=20): every x uniform on [0, 1),
 * y = 10·sin(π·x1·x2) + 20·(x3 − 0.5)² + 10·x4 + 5·x5 + N(0, 1), so x6…x20 are noise.
 */
function drawRow(random: Random, features: Float64Array | Float32Array, offset: number): number {
  for (let j = 0; j < FEATURE_COUNT; j++) features[offset + j] = random.next();
  const x = (j: number) => features[offset + j];
  return 10 * Math.sin(Math.PI * x(0) * x(1)) + 20 * (x(2) - 0.5) ** 2 + 10 * x(3) + 5 * x(4) + random.normal();
}

/** Generates `rows` rows in memory as a float32 feature matrix and a target. */
export function friedman20(rows: number, seed: number): { x: Matrix; y: Float32Array } {
  const random = createRandom(seed);
  const values = new Float32Array(rows * FEATURE_COUNT);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) y[r] = drawRow(random, values, r * FEATURE_COUNT);
  return { x: { rows, cols: FEATURE_COUNT, values }, y };
}

/**
 * Writes `rows` rows as a CSV file with a header x1,…,x20,y and six decimals
 * per value, streaming in blocks so that memory stays flat. Returns the bytes written.
 */
export async function writeFriedman20Csv(file: string, rows: number, seed: number): Promise<number> {
  const random = createRandom(seed);
  const stream = createWriteStream(file);
  const row = new Float64Array(FEATURE_COUNT);
  let bytes = 0;

  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await once(stream, 'drain');
  };

  await write(`${[...FEATURE_NAMES, 'y'].join(',')}\n`);
  const blockRows = 10_000;
  for (let start = 0; start < rows; start += blockRows) {
    const lines: string[] = [];
    for (let r = start; r < Math.min(rows, start + blockRows); r++) {
      const y = drawRow(random, row, 0);
      lines.push(`${Array.from(row, (value) => value.toFixed(6)).join(',')},${y.toFixed(6)}\n`);
    }
    await write(lines.join(''));
  }

  stream.end();
  await once(stream, 'finish');
  return bytes;
}
