/** A dense row-major matrix of `rows × cols` float values. */
export interface Matrix {
  rows: number;
  cols: number;
  values: Float32Array;
}

/** Returns the rows at the given indices as a new matrix. */
export function selectRows(matrix: Matrix, indices: ArrayLike<number>): Matrix {
  const values = new Float32Array(indices.length * matrix.cols);
  for (let r = 0; r < indices.length; r++) {
    const start = indices[r] * matrix.cols;
    values.set(matrix.values.subarray(start, start + matrix.cols), r * matrix.cols);
  }
  return { rows: indices.length, cols: matrix.cols, values };
}

/** Returns the columns at the given indices as a new matrix. */
export function selectColumns(matrix: Matrix, columns: ArrayLike<number>): Matrix {
  const values = new Float32Array(matrix.rows * columns.length);
  for (let r = 0; r < matrix.rows; r++) {
    for (let c = 0; c < columns.length; c++) values[r * columns.length + c] = matrix.values[r * matrix.cols + columns[c]];
  }
  return { rows: matrix.rows, cols: columns.length, values };
}
