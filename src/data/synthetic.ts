import { createRandom } from '../core/random.js';
import { buildDataset, type EncodedDataset } from './dataset.js';
import type { NumericColumn, ParsedTable } from './table.js';
import type { MissingValueStrategy, SplitFractions } from './types.js';

/** Name of the target column of a synthetic dataset. */
export const SYNTHETIC_TARGET = 'y';

/** A generated numeric table: row-major features and one target per row. */
export interface SyntheticTable {
  featureNames: string[];
  /** Row-major [rows × featureNames.length]. */
  features: Float64Array;
  target: Float64Array;
}

/**
 * Generates Friedman's first regression problem (Friedman 1991, "Multivariate
 * adaptive regression splines"): ten features x1…x10 uniform on [0, 1] and
 * y = 10·sin(π·x1·x2) + 20·(x3 − 0.5)² + 10·x4 + 5·x5 + noise·N(0, 1).
 * Only x1…x5 enter the target, which makes it a ground truth for importance.
 */
export function friedman1(rows: number, noise: number, seed: number): SyntheticTable {
  const featureCount = 10;
  const random = createRandom(seed);
  const features = new Float64Array(rows * featureCount);
  const target = new Float64Array(rows);

  for (let r = 0; r < rows; r++) {
    const x = features.subarray(r * featureCount, (r + 1) * featureCount);
    for (let j = 0; j < featureCount; j++) x[j] = random.next();
    target[r] = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + noise * random.normal();
  }

  const featureNames = Array.from({ length: featureCount }, (_, j) => `x${j + 1}`);
  return { featureNames, features, target };
}

export interface SyntheticDatasetOptions {
  seed: number;
  splitFractions?: SplitFractions;
  /** Defaults to DROP_ROWS; with IMPUTE_MEAN the encoding stores training means for later rows with gaps. */
  missingValues?: MissingValueStrategy;
}

/** Turns a synthetic table into a REGRESSION dataset with target `y`, split by the given seed. */
export function syntheticToDataset(table: SyntheticTable, options: SyntheticDatasetOptions): EncodedDataset {
  const rowCount = table.target.length;
  const featureCount = table.featureNames.length;
  const columns: NumericColumn[] = table.featureNames.map((name, j) => {
    const values = new Float64Array(rowCount);
    for (let r = 0; r < rowCount; r++) values[r] = table.features[r * featureCount + j];
    return { kind: 'numeric', name, values, missingCount: 0 };
  });
  columns.push({ kind: 'numeric', name: SYNTHETIC_TARGET, values: table.target, missingCount: 0 });

  const parsed: ParsedTable = { columns, rowCount, delimiter: ',', hasHeader: true, byteCount: 0 };
  return buildDataset(parsed, {
    targetColumn: SYNTHETIC_TARGET,
    task: 'REGRESSION',
    missingValues: options.missingValues ?? 'DROP_ROWS',
    seed: options.seed,
    splitFractions: options.splitFractions,
  });
}
