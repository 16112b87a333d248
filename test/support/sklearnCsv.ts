import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRandom, permutation } from '../../src/core/random.js';
import { selectRows, type Matrix } from '../../src/ml/matrix.js';

/** The shared datasets folder, which sits beside the repository clone. */
export const DATASETS_DIR = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

/** A numeric table: row-major features and one target per row. */
export interface NumericTable {
  featureNames: string[];
  features: Matrix;
  target: Float32Array;
}

/**
 * Reads one of the clean scikit-learn CSVs (header row, comma separated,
 * numbers only, last column `target`). This reader is for those test files
 * only: it handles no quoting and no missing values.
 */
export function readSklearnCsv(name: 'iris' | 'wine' | 'breast_cancer' | 'diabetes'): NumericTable {
  const text = readFileSync(`${DATASETS_DIR}sklearn/${name}.csv`, 'utf8');
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.length > 0);
  const columns = header.split(',');
  const cols = columns.length - 1;

  const values = new Float32Array(lines.length * cols);
  const target = new Float32Array(lines.length);
  lines.forEach((line, row) => {
    const fields = line.split(',').map(Number);
    if (fields.length !== columns.length || fields.some((value) => !Number.isFinite(value))) {
      throw new Error(`${name}.csv line ${row + 2} is not ${columns.length} numbers: ${line}`);
    }
    values.set(fields.slice(0, cols), row * cols);
    target[row] = fields[cols];
  });

  return { featureNames: columns.slice(0, cols), features: { rows: lines.length, cols, values }, target };
}

/** Row indices of a 70/15/15 train/validation/test split. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Splits 0..rows−1 by a seeded permutation into 70% train, 15% validation and the rest test. */
export function splitIndices(rows: number, seed: number): SplitIndices {
  const order = permutation(rows, createRandom(seed));
  const trainEnd = Math.round(rows * 0.7);
  const validationEnd = trainEnd + Math.round(rows * 0.15);
  return { train: order.slice(0, trainEnd), validation: order.slice(trainEnd, validationEnd), test: order.slice(validationEnd) };
}

/** One split of a table. */
export interface TablePart {
  features: Matrix;
  target: Float32Array;
}

/** Returns the rows of a table at the given indices. */
export function selectTableRows(table: NumericTable, indices: Int32Array): TablePart {
  return { features: selectRows(table.features, indices), target: Float32Array.from(indices, (i) => table.target[i]) };
}
