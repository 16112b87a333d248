/**
 * Solves A·x = b for a symmetric positive semi-definite n × n matrix A
 * (row-major) by Gaussian elimination with partial pivoting. A pivot below
 * 1e-12 of the largest diagonal entry marks a direction the data does not
 * determine, and that unknown is set to 0 instead of dividing by almost zero.
 */
export function solveLinearSystem(matrix: Float64Array, rhs: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(rhs);
  let largestDiagonal = 0;
  for (let i = 0; i < n; i++) largestDiagonal = Math.max(largestDiagonal, Math.abs(a[i * n + i]));
  const tiny = 1e-12 * largestDiagonal;
  const pivotRow = new Int32Array(n).fill(-1);
  const used = new Uint8Array(n);

  for (let column = 0; column < n; column++) {
    let best = -1;
    for (let row = 0; row < n; row++) {
      if (!used[row] && (best < 0 || Math.abs(a[row * n + column]) > Math.abs(a[best * n + column]))) best = row;
    }
    if (best < 0 || Math.abs(a[best * n + column]) <= tiny) continue;
    used[best] = 1;
    pivotRow[column] = best;
    eliminate(a, b, n, best, column);
  }

  const x = new Float64Array(n);
  for (let column = 0; column < n; column++) {
    const row = pivotRow[column];
    if (row >= 0) x[column] = b[row] / a[row * n + column];
  }
  return x;
}

/** Removes `column` from every other row using the pivot row (Gauss-Jordan step). */
function eliminate(a: Float64Array, b: Float64Array, n: number, pivot: number, column: number): void {
  const pivotValue = a[pivot * n + column];
  for (let row = 0; row < n; row++) {
    if (row === pivot) continue;
    const factor = a[row * n + column] / pivotValue;
    if (factor === 0) continue;
    for (let k = 0; k < n; k++) a[row * n + k] -= factor * a[pivot * n + k];
    b[row] -= factor * b[pivot];
  }
}

/**
 * Solves the weighted least squares min Σ_k w_k (y_k − X_k·β)² + alpha·|β|²
 * through the normal equations (XᵀWX + alpha·I)β = XᵀWy. X is row-major
 * [rows × cols].
 */
export function weightedLeastSquares(x: Float64Array, y: Float64Array, weights: Float64Array, rows: number, cols: number, alpha = 0): Float64Array {
  const normal = new Float64Array(cols * cols);
  const rhs = new Float64Array(cols);

  for (let k = 0; k < rows; k++) {
    const w = weights[k];
    if (w === 0) continue;
    for (let i = 0; i < cols; i++) {
      const xi = x[k * cols + i];
      if (xi === 0) continue;
      rhs[i] += w * xi * y[k];
      for (let j = 0; j < cols; j++) normal[i * cols + j] += w * xi * x[k * cols + j];
    }
  }
  for (let i = 0; i < cols; i++) normal[i * cols + i] += alpha;
  return solveLinearSystem(normal, rhs, cols);
}
