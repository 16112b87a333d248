import type { Matrix } from './matrix.js';

/** Per-column statistics that map raw encoded inputs to (x − mean) / scale. */
export interface Standardization {
  mean: Float32Array;
  scale: Float32Array;
}

/**
 * Computes each column's mean and population standard deviation (ddof 0, as
 * scikit-learn's StandardScaler) in float64. A constant column gets scale 1,
 * so that it maps to exactly zero instead of dividing by zero.
 */
export function fitStandardization(matrix: Matrix): Standardization {
  if (matrix.rows < 1) throw new Error('standardization needs at least one row; the training split is empty');

  const { rows, cols, values } = matrix;
  const sum = new Float64Array(cols);
  const min = new Float64Array(cols).fill(Infinity);
  const max = new Float64Array(cols).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = values[r * cols + c];
      sum[c] += value;
      if (value < min[c]) min[c] = value;
      if (value > max[c]) max[c] = value;
    }
  }

  const mean = new Float64Array(cols);
  for (let c = 0; c < cols; c++) mean[c] = sum[c] / rows;

  const squares = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) squares[c] += (values[r * cols + c] - mean[c]) ** 2;
  }

  const result: Standardization = { mean: new Float32Array(cols), scale: new Float32Array(cols) };
  for (let c = 0; c < cols; c++) {
    const constant = min[c] === max[c];
    result.mean[c] = constant ? min[c] : mean[c];
    result.scale[c] = constant ? 1 : Math.sqrt(squares[c] / rows);
    if (result.scale[c] === 0) result.scale[c] = 1; // a spread below float32's smallest value rounds to 0
  }
  return result;
}
