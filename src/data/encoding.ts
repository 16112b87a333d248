import { DatasetValidationError } from './errors.js';
import { categoryOf, isMissingToken, parseNumberToken } from './tokens.js';
import type { MissingValueStrategy } from './types.js';

/**
 * The encoding of one source column as features. `imputeValue` is the
 * training split's mean, used for missing values under IMPUTE_MEAN, and null
 * under DROP_ROWS.
 */
export type ColumnEncoding =
  | { kind: 'numeric'; column: string; imputeValue: number | null }
  | { kind: 'oneHot'; column: string; categories: string[] }
  | { kind: 'ordinal'; column: string; categories: string[]; imputeValue: number | null };

/** Everything needed to encode new rows exactly as the dataset was encoded. */
export interface DatasetEncoding {
  missingValues: MissingValueStrategy;
  columns: ColumnEncoding[];
}

/** The encoded features of one source column: its name and indices into featureNames. */
export interface FeatureGroup {
  name: string;
  columns: number[];
}

/** A raw input row keyed by source column name; null, undefined and missing tokens are missing. */
export type RawRow = Record<string, string | number | null | undefined>;

export interface EncodedRows {
  /** Row-major [rows × featureCount]. */
  values: Float64Array;
  featureCount: number;
  /** One message per unknown category value (encoded as all zeros). */
  warnings: string[];
}

/** Returns the number of encoded features of a column. */
export function encodedWidth(encoding: ColumnEncoding): number {
  return encoding.kind === 'oneHot' ? encoding.categories.length : 1;
}

/** Returns the encoded feature names: the column name, or `column=category` for each one-hot category. */
export function encodedNames(encoding: ColumnEncoding): string[] {
  if (encoding.kind !== 'oneHot') return [encoding.column];
  return encoding.categories.map((category) => `${encoding.column}=${category}`);
}

/** Returns the feature groups of a list of column encodings, in feature order. */
export function featureGroupsOf(encodings: ColumnEncoding[]): FeatureGroup[] {
  let offset = 0;
  return encodings.map((encoding) => {
    const width = encodedWidth(encoding);
    const columns = Array.from({ length: width }, (_, k) => offset + k);
    offset += width;
    return { name: encoding.column, columns };
  });
}

/**
 * Encodes raw rows with a dataset's stored encoding. A missing numeric or
 * ordinal value takes the stored training mean under IMPUTE_MEAN. A missing
 * or unknown one-hot category becomes all zeros (an unknown one adds a
 * warning). Throws DatasetValidationError for a missing value under
 * DROP_ROWS, non-numeric text in a numeric column and an unknown ordinal value.
 */
export function encodeRows(encoding: DatasetEncoding, rows: RawRow[]): EncodedRows {
  const featureCount = encoding.columns.reduce((total, column) => total + encodedWidth(column), 0);
  const values = new Float64Array(rows.length * featureCount);
  const warnings = new Map<string, string>();

  rows.forEach((row, r) => {
    let offset = r * featureCount;
    for (const column of encoding.columns) {
      const cell = row[column.column];
      const place = { rowNumber: r + 1, column: column.column, strategy: encoding.missingValues };
      if (column.kind === 'numeric') values[offset] = encodeNumber(cell, column.imputeValue, place);
      else if (column.kind === 'ordinal') values[offset] = encodeOrdinal(cell, column.categories, column.imputeValue, place);
      else encodeOneHot(cell, column.categories, values, offset, place, warnings);
      offset += encodedWidth(column);
    }
  });

  return { values, featureCount, warnings: [...warnings.values()] };
}

interface CellPlace {
  rowNumber: number;
  column: string;
  strategy: MissingValueStrategy;
}

function isMissingCell(cell: string | number | null | undefined): cell is null | undefined | string {
  return cell === null || cell === undefined || (typeof cell === 'string' && isMissingToken(cell));
}

function imputed(imputeValue: number | null, place: CellPlace): number {
  if (imputeValue !== null) return imputeValue;
  throw new DatasetValidationError(
    'rows',
    `row ${place.rowNumber} has no value for column "${place.column}", and the dataset was built with ${place.strategy}, which stores no mean to fill it; supply a value`,
  );
}

function encodeNumber(cell: string | number | null | undefined, imputeValue: number | null, place: CellPlace): number {
  if (isMissingCell(cell)) return imputed(imputeValue, place);
  const value = typeof cell === 'number' ? cell : parseNumberToken(cell);
  if (Number.isFinite(value)) return value;
  throw new DatasetValidationError('rows', `row ${place.rowNumber} has the value "${cell}" in numeric column "${place.column}"; supply a finite number`);
}

function encodeOrdinal(cell: string | number | null | undefined, categories: string[], imputeValue: number | null, place: CellPlace): number {
  if (isMissingCell(cell)) return imputed(imputeValue, place);
  const index = categories.indexOf(categoryOf(String(cell)));
  if (index >= 0) return index;
  throw new DatasetValidationError(
    'rows',
    `row ${place.rowNumber} has the value "${cell}" in ordinal column "${place.column}", which is not one of its categories (${categories.join(', ')}); use one of them`,
  );
}

function encodeOneHot(
  cell: string | number | null | undefined,
  categories: string[],
  values: Float64Array,
  offset: number,
  place: CellPlace,
  warnings: Map<string, string>,
): void {
  if (isMissingCell(cell)) {
    if (place.strategy === 'IMPUTE_MEAN') return;
    throw new DatasetValidationError(
      'rows',
      `row ${place.rowNumber} has no value for column "${place.column}", and the dataset was built with DROP_ROWS; supply one of its categories`,
    );
  }

  const category = categoryOf(String(cell));
  const index = categories.indexOf(category);
  if (index >= 0) {
    values[offset + index] = 1;
    return;
  }

  const key = `${place.column}\u0000${category}`;
  if (!warnings.has(key)) {
    warnings.set(key, `row ${place.rowNumber}: column "${place.column}" has the category "${category}", unseen in the dataset; it is encoded as all zeros`);
  }
}
