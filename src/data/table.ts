/** A column whose non-missing values are all numbers. */
export interface NumericColumn {
  kind: 'numeric';
  name: string;
  /** One value per row, NaN where the value is missing. */
  values: Float64Array;
  missingCount: number;
}

/**
 * A column with text values. Numbers in a text column become categories
 * through String(), so "1.0" and "1" are the same category "1".
 */
export interface TextColumn {
  kind: 'text';
  name: string;
  /** One index into `categories` per row, -1 where the value is missing. */
  codes: Int32Array;
  /** Distinct values in order of first appearance. */
  categories: string[];
  missingCount: number;
}

export type ParsedColumn = NumericColumn | TextColumn;

/** A parsed CSV file, stored column by column. */
export interface ParsedTable {
  columns: ParsedColumn[];
  rowCount: number;
  delimiter: string;
  /** False when the caller supplied column names for a file without a header row. */
  hasHeader: boolean;
  /** Bytes read from the input. */
  byteCount: number;
}

/** Returns the column with the given name, or undefined. */
export function findColumn(table: ParsedTable, name: string): ParsedColumn | undefined {
  return table.columns.find((column) => column.name === name);
}
