import { computeContentHash, decodeIndices, decodeMatrix, encodeIndices, encodeMatrix } from './binary.js';
import type { EncodedDataset } from './dataset.js';

/** Version of the stored layout; bump it when DatasetDescription changes incompatibly. */
export const DATASET_FORMAT_VERSION = 1;

/** The JSON-safe part of a stored dataset: everything except X, y and the split indices. */
export type DatasetDescription = Omit<EncodedDataset, 'X' | 'y' | 'split'> & {
  formatVersion: number;
  splitSizes: { train: number; validation: number; test: number };
};

/** A dataset as stored: a JSON description and three binary columns. */
export interface SerializedDataset {
  description: DatasetDescription;
  /** X as row-major little-endian float64. */
  features: Buffer;
  /** y as little-endian float64. */
  target: Buffer;
  /** Little-endian int32 row indices: train, then validation, then test. */
  splits: Buffer;
}

/** Splits a dataset into its JSON description and little-endian binary arrays. */
export function serializeDataset(dataset: EncodedDataset): SerializedDataset {
  const { X, y, split, ...rest } = dataset;
  const description: DatasetDescription = {
    ...structuredClone(rest),
    formatVersion: DATASET_FORMAT_VERSION,
    splitSizes: { train: split.train.length, validation: split.validation.length, test: split.test.length },
  };

  const indices = new Int32Array(split.train.length + split.validation.length + split.test.length);
  indices.set(split.train, 0);
  indices.set(split.validation, split.train.length);
  indices.set(split.test, split.train.length + split.validation.length);

  return { description, features: encodeMatrix(X), target: encodeMatrix(y), splits: encodeIndices(indices) };
}

/**
 * Rebuilds a dataset from its stored form. Throws when the format version or
 * any array length disagrees with the description, and, with `verifyHash`,
 * when the content no longer matches the stored SHA-256.
 */
export function deserializeDataset(
  stored: { description: DatasetDescription; features: Uint8Array; target: Uint8Array; splits: Uint8Array },
  options: { verifyHash?: boolean } = {},
): EncodedDataset {
  const { formatVersion, splitSizes, ...rest } = structuredClone(stored.description);
  if (formatVersion !== DATASET_FORMAT_VERSION) {
    throw new Error(`stored dataset has format version ${formatVersion}, but this build reads version ${DATASET_FORMAT_VERSION}; convert or rebuild the dataset`);
  }

  const X = decodeMatrix(stored.features);
  const y = decodeMatrix(stored.target);
  const indices = decodeIndices(stored.splits);
  checkLength('features', X.length, rest.rowCount * rest.featureCount);
  checkLength('target', y.length, rest.rowCount);
  checkLength('splits', indices.length, splitSizes.train + splitSizes.validation + splitSizes.test);
  for (const index of indices) {
    if (index < 0 || index >= rest.rowCount) throw new Error(`stored split contains row ${index}, outside 0..${rest.rowCount - 1}; the stored data is corrupt`);
  }

  const trainEnd = splitSizes.train;
  const validationEnd = trainEnd + splitSizes.validation;
  const split = { train: indices.slice(0, trainEnd), validation: indices.slice(trainEnd, validationEnd), test: indices.slice(validationEnd) };

  if (options.verifyHash) {
    const hash = computeContentHash(rest.featureNames, rest.targetColumn, X, y);
    if (hash !== rest.contentHash) throw new Error(`stored dataset content hashes to ${hash}, but its recorded hash is ${rest.contentHash}; the stored data changed`);
  }
  return { ...rest, X, y, split };
}

function checkLength(name: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`stored ${name} has ${actual} values, expected ${expected}; the stored data is truncated or corrupt`);
}
