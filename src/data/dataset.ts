import { computeContentHash } from './binary.js';
import { featureGroupsOf, type DatasetEncoding, type FeatureGroup } from './encoding.js';
import { DatasetValidationError } from './errors.js';
import { encodeFeatures } from './featureEncoder.js';
import { splitRows } from './split.js';
import { computeFeatureStatistics, type FeatureStatistics } from './statistics.js';
import type { ParsedColumn, ParsedTable } from './table.js';
import { encodeTarget } from './target.js';
import { DEFAULT_SPLIT_FRACTIONS, type DatasetSplit, type MissingValueStrategy, type SplitFractions, type Task } from './types.js';

/** Minimum number of rows left after dropping rows with missing values. */
export const MIN_USABLE_ROWS = 10;

/** Default maximum number of categories of a one-hot encoded column. */
export const DEFAULT_MAX_CATEGORIES = 100;

export interface OrdinalEncodingOption {
  column: string;
  /** Categories in order; the first is encoded as 0. */
  categories: string[];
}

export interface DatasetOptions {
  targetColumn: string;
  /** Inferred from the target when omitted (see encodeTarget). */
  task?: Task;
  missingValues: MissingValueStrategy;
  /** Seed of the train/validation/test split. */
  seed: number;
  /** Defaults to 0.7 / 0.15 / 0.15. */
  splitFractions?: SplitFractions;
  ordinalEncodings?: OrdinalEncodingOption[];
  /** Source columns to use as features, in this order; defaults to every column except the target. */
  featureColumns?: string[];
  /** Maximum categories of a one-hot encoded column; defaults to DEFAULT_MAX_CATEGORIES. */
  maxCategories?: number;
}

/** A table of numeric features and one target, ready for training and explanation. */
export interface EncodedDataset {
  /** Encoded feature names, e.g. `age` or `sex=Female` for a one-hot feature. */
  featureNames: string[];
  featureCount: number;
  targetColumn: string;
  /** The source columns used as features, in feature order. */
  sourceColumns: string[];
  encoding: DatasetEncoding;
  featureGroups: FeatureGroup[];
  task: Task;
  /** Class names in class-index order; empty for regression. */
  classLabels: string[];
  /** Row-major [rowCount × featureCount]. */
  X: Float64Array;
  /** Target value (regression) or class index per row. */
  y: Float64Array;
  rowCount: number;
  /** Missing values per parsed column (features and target), before rows are dropped. */
  missingCounts: Record<string, number>;
  missingValues: MissingValueStrategy;
  /** Parsed rows left out: rows with a missing target, and under DROP_ROWS rows with any missing feature. */
  droppedRows: number;
  /** Training-split mean per numeric or ordinal column, used for missing values (empty under DROP_ROWS). */
  imputation: Record<string, number>;
  featureStats: FeatureStatistics[];
  /** SHA-256 of the canonical content (see computeContentHash). */
  contentHash: string;
  seed: number;
  splitFractions: SplitFractions;
  split: DatasetSplit;
}

/**
 * Builds an encoded dataset from a parsed table. Rows with a missing target
 * are always dropped, and under DROP_ROWS so are rows with any missing
 * feature. The split comes next, so that IMPUTE_MEAN fills missing values
 * with training-split means only. Throws DatasetValidationError for an
 * unknown target, invalid options, a single-valued target and fewer than
 * MIN_USABLE_ROWS usable rows.
 */
export function buildDataset(table: ParsedTable, options: DatasetOptions): EncodedDataset {
  const target = requireColumn(table, options.targetColumn, 'targetColumn');
  const features = selectFeatureColumns(table, options);
  const ordinal = ordinalOptions(features, options.ordinalEncodings ?? []);
  const maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  const splitFractions = { ...(options.splitFractions ?? DEFAULT_SPLIT_FRACTIONS) };
  rejectInvalidScalars(options, maxCategories);

  const keptRows = usableRows(table, target, features, options.missingValues);
  const { task, classLabels, y } = encodeTarget(target, keptRows, options.task);
  const strata = task === 'REGRESSION' ? undefined : { labels: y, classCount: classLabels.length };
  const split = splitRows(keptRows.length, splitFractions, options.seed, strata);

  const encoded = encodeFeatures(features, keptRows, split.train, { missingValues: options.missingValues, ordinal, maxCategories });
  const imputation: Record<string, number> = {};
  for (const encoding of encoded.encodings) {
    if (encoding.kind !== 'oneHot' && encoding.imputeValue !== null) imputation[encoding.column] = encoding.imputeValue;
  }

  return {
    featureNames: encoded.featureNames,
    featureCount: encoded.featureNames.length,
    targetColumn: target.name,
    sourceColumns: features.map((column) => column.name),
    encoding: { missingValues: options.missingValues, columns: encoded.encodings },
    featureGroups: featureGroupsOf(encoded.encodings),
    task,
    classLabels,
    X: encoded.X,
    y,
    rowCount: keptRows.length,
    missingCounts: Object.fromEntries(table.columns.map((column) => [column.name, column.missingCount])),
    missingValues: options.missingValues,
    droppedRows: table.rowCount - keptRows.length,
    imputation,
    featureStats: computeFeatureStatistics(encoded.X, encoded.featureNames, split.train),
    contentHash: computeContentHash(encoded.featureNames, target.name, encoded.X, y),
    seed: options.seed,
    splitFractions,
    split,
  };
}

function rejectInvalidScalars(options: DatasetOptions, maxCategories: number): void {
  if (!Number.isInteger(options.seed)) throw new DatasetValidationError('seed', `seed must be an integer, got ${options.seed}`);
  if (!Number.isInteger(maxCategories) || maxCategories < 1) {
    throw new DatasetValidationError('maxCategories', `maxCategories must be a positive integer, got ${maxCategories}`);
  }
  if (options.missingValues !== 'DROP_ROWS' && options.missingValues !== 'IMPUTE_MEAN') {
    throw new DatasetValidationError('missingValues', `missingValues "${options.missingValues}" is not supported; use DROP_ROWS or IMPUTE_MEAN`);
  }
  if (options.task !== undefined && !['REGRESSION', 'BINARY', 'MULTICLASS'].includes(options.task)) {
    throw new DatasetValidationError('task', `task "${options.task}" is not supported; use REGRESSION, BINARY or MULTICLASS, or omit it`);
  }
}

const MAX_LISTED_COLUMNS = 20;
const MAX_ECHOED_NAME_LENGTH = 100;

function requireColumn(table: ParsedTable, name: string, field: string): ParsedColumn {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (column) return column;

  // A request can name a column of any length, and a file can have thousands of columns, so both are cut short.
  const shown = name.length > MAX_ECHOED_NAME_LENGTH ? `${name.slice(0, MAX_ECHOED_NAME_LENGTH)}… (${name.length} characters)` : name;
  const listed = table.columns.slice(0, MAX_LISTED_COLUMNS).map((candidate) => `"${candidate.name}"`).join(', ');
  const more = table.columns.length > MAX_LISTED_COLUMNS ? ` and ${table.columns.length - MAX_LISTED_COLUMNS} more` : '';
  throw new DatasetValidationError(field, `column "${shown}" does not exist; the available columns are ${listed}${more}`);
}

function selectFeatureColumns(table: ParsedTable, options: DatasetOptions): ParsedColumn[] {
  if (!options.featureColumns) return table.columns.filter((column) => column.name !== options.targetColumn);

  if (options.featureColumns.length === 0) throw new DatasetValidationError('featureColumns', 'featureColumns is empty; name at least one column or omit it');
  const seen = new Set<string>();
  return options.featureColumns.map((name) => {
    if (name === options.targetColumn) {
      throw new DatasetValidationError('featureColumns', `featureColumns contains the target column "${name}"; remove it from featureColumns`);
    }
    if (seen.has(name)) throw new DatasetValidationError('featureColumns', `featureColumns names "${name}" twice; name each column once`);
    seen.add(name);
    return requireColumn(table, name, 'featureColumns');
  });
}

function ordinalOptions(features: ParsedColumn[], encodings: OrdinalEncodingOption[]): Map<string, string[]> {
  const ordinal = new Map<string, string[]>();
  for (const { column, categories } of encodings) {
    if (!features.some((feature) => feature.name === column)) {
      const available = features.map((feature) => `"${feature.name}"`).join(', ');
      throw new DatasetValidationError('ordinalEncodings', `ordinal column "${column}" is not a feature column; use one of ${available}`);
    }
    if (ordinal.has(column)) throw new DatasetValidationError('ordinalEncodings', `column "${column}" has two ordinal encodings; give it one`);
    if (categories.length === 0 || new Set(categories).size !== categories.length) {
      throw new DatasetValidationError('ordinalEncodings', `the ordinal categories of column "${column}" (${categories.join(', ')}) must be non-empty and distinct`);
    }
    ordinal.set(column, categories.map((category) => category.trim()));
  }
  return ordinal;
}

// Indices of parsed rows with a target, and under DROP_ROWS with every feature present.
function usableRows(table: ParsedTable, target: ParsedColumn, features: ParsedColumn[], strategy: MissingValueStrategy): Int32Array {
  const usable = new Uint8Array(table.rowCount).fill(1);
  const checked = strategy === 'DROP_ROWS' ? [target, ...features] : [target];
  for (const column of checked) {
    for (let row = 0; row < table.rowCount; row++) if (isMissingAt(column, row)) usable[row] = 0;
  }

  const rows = new Int32Array(usable.reduce((total, flag) => total + flag, 0));
  let next = 0;
  for (let row = 0; row < table.rowCount; row++) if (usable[row]) rows[next++] = row;

  if (rows.length < MIN_USABLE_ROWS) throw tooFewRows(table, rows.length, checked);
  return rows;
}

function isMissingAt(column: ParsedColumn, row: number): boolean {
  return column.kind === 'numeric' ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
}

function tooFewRows(table: ParsedTable, usable: number, checked: ParsedColumn[]): DatasetValidationError {
  if (usable === table.rowCount) {
    return new DatasetValidationError('file', `the file has only ${usable} data rows, and at least ${MIN_USABLE_ROWS} are needed; add rows`);
  }
  const worst = checked.reduce((current, column) => (column.missingCount > current.missingCount ? column : current), checked[0]);
  const cause = worst.missingCount > 0 ? ` Column "${worst.name}" is missing in ${worst.missingCount} rows.` : '';
  return new DatasetValidationError(
    'file',
    `only ${usable} of ${table.rowCount} rows are usable after dropping rows with missing values, and at least ${MIN_USABLE_ROWS} are needed.${cause} ` +
      'Add rows, fill in missing values, or use missingValues IMPUTE_MEAN.',
  );
}
