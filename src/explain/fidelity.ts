import type { Matrix } from '../ml/matrix.js';
import type { OutputKind } from '../ml/network.js';
import { ExplainValidationError } from './errors.js';
import { predictedClasses } from './output.js';

/** A row where the compressed model departs most from the original. */
export interface Exemplar {
  row: number;
  /** L1 distance between the two output rows. */
  distance: number;
  /** True when the predicted class differs (always false for regression). */
  classChanged: boolean;
}

/** Agreement of a compressed model's predictions with the original's on the same rows. */
export interface PredictionFidelity {
  /** Share of rows with the same predicted class; null for regression. */
  classAgreement: number | null;
  /** R² of the compressed outputs against the original's; null for classifiers. */
  outputR2: number | null;
  /**
   * Pruning-identified exemplars (Hooker et al. 2019), at most `limit` rows:
   * rows whose predicted class changed first, then the rest, each by output
   * distance, largest first.
   */
  exemplars: Exemplar[];
}

/** Compares the outputs [rows × units] of the original and the compressed model on the same rows. */
export function predictionFidelity(task: OutputKind, original: Matrix, compressed: Matrix, limit = 10): PredictionFidelity {
  if (original.rows !== compressed.rows || original.cols !== compressed.cols) {
    throw new ExplainValidationError(`outputs have shapes ${original.rows} × ${original.cols} and ${compressed.rows} × ${compressed.cols}; predict the same rows with both models`);
  }
  if (original.rows === 0) throw new ExplainValidationError('outputs have no rows; predict at least one row');

  const distances = Array.from({ length: original.rows }, (_, r) => {
    let distance = 0;
    for (let c = 0; c < original.cols; c++) distance += Math.abs(original.values[r * original.cols + c] - compressed.values[r * original.cols + c]);
    return distance;
  });

  if (task === 'REGRESSION') {
    return { classAgreement: null, outputR2: outputR2(original, compressed), exemplars: worstRows(distances, () => false, limit) };
  }
  const before = predictedClasses(task, original);
  const after = predictedClasses(task, compressed);
  const changed = (row: number) => before[row] !== after[row];
  return { classAgreement: classAgreement(before, after), outputR2: null, exemplars: worstRows(distances, changed, limit) };
}

/** Returns the share of rows with the same class. */
export function classAgreement(before: Int32Array, after: Int32Array): number {
  let same = 0;
  for (let r = 0; r < before.length; r++) if (before[r] === after[r]) same++;
  return same / before.length;
}

/**
 * Returns R² of the compressed outputs against the original's, over all output
 * values. When the original outputs are constant, R² is undefined and this
 * returns 1 for identical outputs and 0 otherwise, as scikit-learn's r2_score does.
 */
export function outputR2(original: Matrix, compressed: Matrix): number {
  const n = original.values.length;
  const mean = original.values.reduce((sum, value) => sum + value, 0) / n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (original.values[i] - compressed.values[i]) ** 2;
    total += (original.values[i] - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

function worstRows(distances: number[], classChanged: (row: number) => boolean, limit: number): Exemplar[] {
  return distances
    .map((distance, row) => ({ row, distance, classChanged: classChanged(row) }))
    .sort((a, b) => Number(b.classChanged) - Number(a.classChanged) || b.distance - a.distance || a.row - b.row)
    .slice(0, limit);
}
