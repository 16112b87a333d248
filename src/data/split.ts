import { createRandom, deriveSeed, permutation, type Random } from '../core/random.js';
import { DatasetValidationError } from './errors.js';
import type { DatasetSplit, SplitFractions } from './types.js';

/** Class index per row, for a stratified split. */
export interface Strata {
  labels: Float64Array;
  classCount: number;
}

/**
 * Splits rows 0..rowCount-1 into train, validation and test sets from a seed.
 * With `strata`, each class is split on its own (stratified), so every class
 * with at least three rows appears in every split that has a non-zero share.
 * The seed is combined with the label "dataset-split" so that other uses of
 * the same seed (such as weight initialisation) draw different numbers.
 */
export function splitRows(rowCount: number, fractions: SplitFractions, seed: number, strata?: Strata): DatasetSplit {
  validateSplitFractions(fractions);
  const random = createRandom(deriveSeed(seed, 'dataset-split'));
  const groups = strata ? rowsByClass(strata) : [allRows(rowCount)];

  const train: Int32Array[] = [];
  const validation: Int32Array[] = [];
  const test: Int32Array[] = [];
  for (const group of groups) {
    const shuffled = shuffledCopy(group, random);
    const sizes = allocate(shuffled.length, fractions);
    validation.push(shuffled.subarray(0, sizes.validation));
    test.push(shuffled.subarray(sizes.validation, sizes.validation + sizes.test));
    train.push(shuffled.subarray(sizes.validation + sizes.test));
  }

  return { train: sortedConcat(train), validation: sortedConcat(validation), test: sortedConcat(test) };
}

/** Throws unless the three fractions are finite, non-negative, sum to 1 and give training a positive share. */
export function validateSplitFractions(fractions: SplitFractions): void {
  const values = [fractions.train, fractions.validation, fractions.test];
  const text = `train ${fractions.train}, validation ${fractions.validation}, test ${fractions.test}`;
  if (values.some((value) => !Number.isFinite(value) || value < 0) || !(fractions.train > 0)) {
    throw new DatasetValidationError('splitFractions', `split fractions (${text}) must be non-negative numbers with a positive train share`);
  }
  const sum = values.reduce((total, value) => total + value, 0);
  if (Math.abs(sum - 1) > 1e-9) {
    throw new DatasetValidationError('splitFractions', `split fractions (${text}) sum to ${sum}; they must sum to 1`);
  }
}

// Rounds each share, then gives validation and test one row each when rounding
// left them empty, as long as training keeps at least one row.
function allocate(count: number, fractions: SplitFractions): { validation: number; test: number } {
  let validation = Math.round(count * fractions.validation);
  let test = Math.round(count * fractions.test);
  if (fractions.validation > 0 && validation === 0 && count >= 3) validation = 1;
  if (fractions.test > 0 && test === 0 && count >= 3) test = 1;

  while (validation + test > count - 1 && validation + test > 0) {
    if (validation >= test) validation--;
    else test--;
  }
  return { validation, test };
}

function rowsByClass(strata: Strata): Int32Array[] {
  const counts = new Int32Array(strata.classCount);
  for (const label of strata.labels) counts[label]++;

  const groups = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(strata.classCount);
  strata.labels.forEach((label, row) => {
    groups[label][filled[label]++] = row;
  });
  return groups;
}

function allRows(rowCount: number): Int32Array {
  const rows = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) rows[i] = i;
  return rows;
}

function shuffledCopy(rows: Int32Array, random: Random): Int32Array {
  const order = permutation(rows.length, random);
  return order.map((position) => rows[position]);
}

function sortedConcat(parts: Int32Array[]): Int32Array {
  const result = new Int32Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result.sort();
}
