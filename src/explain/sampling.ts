import type { Matrix } from '../ml/matrix.js';
import { createRandom, permutation } from '../core/random.js';

/**
 * Returns `count` distinct row indices of `0..rows-1` drawn with the seed, in
 * ascending order; every row when `count` is null or at least `rows`.
 */
export function sampleRowIndices(rows: number, count: number | null, seed: number): number[] {
  if (count === null || count >= rows) return Array.from({ length: rows }, (_, r) => r);
  const order = permutation(rows, createRandom(seed));
  return Array.from(order.subarray(0, count)).sort((a, b) => a - b);
}

/** Returns, per column, whether every row of every matrix contains the same value. */
export function constantColumns(...matrices: Matrix[]): boolean[] {
  const cols = matrices[0].cols;
  const first = matrices[0].values.subarray(0, cols);
  const constant = new Array<boolean>(cols).fill(true);

  for (const matrix of matrices) {
    for (let r = 0; r < matrix.rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (constant[c] && matrix.values[r * cols + c] !== first[c]) constant[c] = false;
      }
    }
  }
  return constant;
}

/** Returns the column means of a matrix, accumulated in float64. */
export function columnMeans(matrix: Matrix): Float64Array {
  const means = new Float64Array(matrix.cols);
  for (let r = 0; r < matrix.rows; r++) {
    for (let c = 0; c < matrix.cols; c++) means[c] += matrix.values[r * matrix.cols + c];
  }
  return means.map((sum) => sum / matrix.rows);
}

/** Returns the population standard deviation of each column. */
export function columnStds(matrix: Matrix, means: Float64Array): Float64Array {
  const sums = new Float64Array(matrix.cols);
  for (let r = 0; r < matrix.rows; r++) {
    for (let c = 0; c < matrix.cols; c++) sums[c] += (matrix.values[r * matrix.cols + c] - means[c]) ** 2;
  }
  return sums.map((sum) => Math.sqrt(sum / matrix.rows));
}

/** Returns the mean and population standard deviation of `values`; 0 and 0 when empty. */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  if (values.length === 0) return { mean: 0, std: 0 };
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;

  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}
