import { DatasetValidationError } from './errors.js';
import { encodedNames, encodedWidth, type ColumnEncoding } from './encoding.js';
import type { NumericColumn, ParsedColumn, TextColumn } from './table.js';
import type { MissingValueStrategy } from './types.js';

export interface FeatureEncoderOptions {
  missingValues: MissingValueStrategy;
  /** Category order per column that is encoded as one ordinal number. */
  ordinal: Map<string, string[]>;
  maxCategories: number;
}

export interface EncodedFeatures {
  encodings: ColumnEncoding[];
  featureNames: string[];
  /** Row-major [keptRows.length × featureNames.length]. */
  X: Float64Array;
}

/**
 * Encodes the feature columns of the kept rows. A numeric column stays one
 * feature. A text column becomes one-hot features over its categories, in
 * order of first appearance among the kept rows, or one ordinal feature in
 * the given category order. Under IMPUTE_MEAN, a missing numeric or ordinal
 * value takes the mean over `trainRows`. A missing text value becomes an
 * all-zero one-hot row, the same as an unseen category in encodeRows.
 */
export function encodeFeatures(columns: ParsedColumn[], keptRows: Int32Array, trainRows: Int32Array, options: FeatureEncoderOptions): EncodedFeatures {
  const plans = columns.map((column) => planColumn(column, keptRows, trainRows, options));
  const encodings = plans.map((plan) => plan.encoding);
  const featureNames = encodings.flatMap(encodedNames);
  rejectDuplicateNames(featureNames);

  const featureCount = featureNames.length;
  const X = new Float64Array(keptRows.length * featureCount);
  let offset = 0;
  for (const plan of plans) {
    plan.write(X, featureCount, offset);
    offset += encodedWidth(plan.encoding);
  }
  return { encodings, featureNames, X };
}

interface ColumnPlan {
  encoding: ColumnEncoding;
  write(X: Float64Array, featureCount: number, offset: number): void;
}

function planColumn(column: ParsedColumn, keptRows: Int32Array, trainRows: Int32Array, options: FeatureEncoderOptions): ColumnPlan {
  const ordinalCategories = options.ordinal.get(column.name);
  if (ordinalCategories) {
    const values = ordinalValues(column, keptRows, ordinalCategories);
    const imputeValue = imputeValueOf(column.name, values, trainRows, options.missingValues);
    return scalarPlan({ kind: 'ordinal', column: column.name, categories: ordinalCategories, imputeValue }, values);
  }

  if (column.kind === 'numeric') {
    const values = keptValues(column, keptRows);
    const imputeValue = imputeValueOf(column.name, values, trainRows, options.missingValues);
    return scalarPlan({ kind: 'numeric', column: column.name, imputeValue }, values);
  }

  return oneHotPlan(column, keptRows, options.maxCategories);
}

function scalarPlan(encoding: ColumnEncoding & { imputeValue: number | null }, values: Float64Array): ColumnPlan {
  return {
    encoding,
    write(X, featureCount, offset) {
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        X[i * featureCount + offset] = Number.isNaN(value) ? encoding.imputeValue! : value;
      }
    },
  };
}

function oneHotPlan(column: TextColumn, keptRows: Int32Array, maxCategories: number): ColumnPlan {
  const remap = new Int32Array(column.categories.length).fill(-1);
  const categories: string[] = [];
  const codes = new Int32Array(keptRows.length);
  for (let i = 0; i < keptRows.length; i++) {
    const code = column.codes[keptRows[i]];
    if (code >= 0 && remap[code] < 0) {
      remap[code] = categories.length;
      categories.push(column.categories[code]);
    }
    codes[i] = code < 0 ? -1 : remap[code];
  }

  if (categories.length > maxCategories) {
    throw new DatasetValidationError(
      'file',
      `text column "${column.name}" has ${categories.length} distinct values, more than the ${maxCategories} allowed for one-hot encoding; ` +
        'leave it out with featureColumns, give it an ordinal encoding, or raise maxCategories',
    );
  }

  return {
    encoding: { kind: 'oneHot', column: column.name, categories },
    write(X, featureCount, offset) {
      for (let i = 0; i < codes.length; i++) {
        if (codes[i] >= 0) X[i * featureCount + offset + codes[i]] = 1;
      }
    },
  };
}

function keptValues(column: NumericColumn, keptRows: Int32Array): Float64Array {
  const values = new Float64Array(keptRows.length);
  for (let i = 0; i < keptRows.length; i++) values[i] = column.values[keptRows[i]];
  return values;
}

// Maps each kept row to its position in `categories`, NaN where missing.
function ordinalValues(column: ParsedColumn, keptRows: Int32Array, categories: string[]): Float64Array {
  const position = new Map(categories.map((category, index) => [category, index]));
  const lookup = (category: string): number => {
    const index = position.get(category);
    if (index !== undefined) return index;
    throw new DatasetValidationError(
      'ordinalEncodings',
      `column "${column.name}" contains the value "${category}", which is not among its ordinal categories (${categories.join(', ')}); add it to the categories`,
    );
  };

  const values = new Float64Array(keptRows.length);
  if (column.kind === 'text') {
    const byCode = column.categories.map((category) => lookupOrNaN(category, position));
    for (let i = 0; i < keptRows.length; i++) {
      const code = column.codes[keptRows[i]];
      values[i] = code < 0 ? NaN : Number.isNaN(byCode[code]) ? lookup(column.categories[code]) : byCode[code];
    }
  } else {
    for (let i = 0; i < keptRows.length; i++) {
      const value = column.values[keptRows[i]];
      values[i] = Number.isNaN(value) ? NaN : lookup(String(value));
    }
  }
  return values;
}

function lookupOrNaN(category: string, position: Map<string, number>): number {
  return position.get(category) ?? NaN;
}

// The training mean under IMPUTE_MEAN (null under DROP_ROWS, where no value is missing).
function imputeValueOf(name: string, values: Float64Array, trainRows: Int32Array, strategy: MissingValueStrategy): number | null {
  if (strategy === 'DROP_ROWS') return null;

  let sum = 0;
  let count = 0;
  for (const row of trainRows) {
    const value = values[row];
    if (Number.isNaN(value)) continue;
    sum += value;
    count++;
  }
  if (count > 0) return sum / count;
  throw new DatasetValidationError(
    'file',
    `column "${name}" has no values in the training split, so its mean cannot be imputed; fill in values or leave the column out with featureColumns`,
  );
}

function rejectDuplicateNames(featureNames: string[]): void {
  const seen = new Set<string>();
  for (const name of featureNames) {
    if (seen.has(name)) {
      throw new DatasetValidationError('file', `two encoded features are both named "${name}" (a column name equals a one-hot name); rename that column`);
    }
    seen.add(name);
  }
}
