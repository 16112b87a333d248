import { ColumnBuilder } from './columnBuilder.js';
import { DatasetValidationError } from './errors.js';
import type { ParsedColumn } from './table.js';
import { parseNumberToken } from './tokens.js';

/**
 * Turns parsed CSV records into columns: reads or checks the header, rejects
 * ragged rows and feeds every cell to its ColumnBuilder.
 */
export class TableBuilder {
  private columns: ColumnBuilder[] | null = null;
  private rows = 0;

  constructor(
    private readonly columnNames: string[] | undefined,
    private readonly maxRows: number | undefined,
  ) {}

  get rowCount(): number {
    return this.rows;
  }

  /** Adds one record; `endLine` is the 1-based line on which the record ends. */
  addRecord(record: string[], endLine: number): void {
    const lineOf = (): number => startLine(record, endLine);

    if (!this.columns) {
      this.columns = this.createColumns(record, lineOf);
      if (!this.columnNames) return;
    }

    if (record.length !== this.columns.length) {
      throw new DatasetValidationError(
        'file',
        `line ${lineOf()} has ${record.length} fields, expected ${this.columns.length} (one per column); ` +
          'give every row the same number of fields, and quote values that contain the delimiter',
      );
    }

    this.rows++;
    if (this.maxRows !== undefined && this.rows > this.maxRows) {
      throw new DatasetValidationError('file', `the file has more than ${this.maxRows} data rows (maxRows); remove rows or raise maxRows`);
    }

    for (let c = 0; c < record.length; c++) this.columns[c].add(record[c], lineOf);
  }

  /** Returns the finished columns; throws when the file had no records or no data rows. */
  finish(): ParsedColumn[] {
    if (!this.columns) throw new DatasetValidationError('file', 'the file is empty; upload a CSV file with a header row and data rows');
    if (this.rows === 0) throw new DatasetValidationError('file', 'the file has a header row but no data rows; add data rows below the header');
    return this.columns.map((column) => column.finish());
  }

  private createColumns(firstRecord: string[], lineOf: () => number): ColumnBuilder[] {
    const names = this.columnNames ?? firstRecord;
    if (this.columnNames && this.columnNames.length !== firstRecord.length) {
      throw new DatasetValidationError(
        'columnNames',
        `columnNames has ${this.columnNames.length} names but line ${lineOf()} has ${firstRecord.length} fields; ` +
          'give exactly one name per field',
      );
    }
    if (!this.columnNames) rejectDataAsHeader(firstRecord);
    rejectInvalidNames(names, this.columnNames ? 'columnNames' : 'file');
    return names.map((name) => new ColumnBuilder(name));
  }
}

// A record that ends on line `endLine` starts earlier by the line breaks inside its quoted fields.
function startLine(record: string[], endLine: number): number {
  let breaks = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) breaks++;
  }
  return endLine - breaks;
}

// NOTE: only a header made entirely of numbers is caught. A first data row with
// some text cells (such as "M,0.455,...") is taken as column names.
function rejectDataAsHeader(header: string[]): void {
  const allNumbers = header.every((cell) => Number.isFinite(parseNumberToken(cell)));
  if (!allNumbers) return;
  const preview = header.slice(0, 5).join(', ') + (header.length > 5 ? ', ...' : '');
  throw new DatasetValidationError(
    'file',
    `the first line (${preview}) contains only numbers, so the file has no header row; ` +
      'add a header row of column names, or pass columnNames',
  );
}

function rejectInvalidNames(names: string[], field: string): void {
  const source = field === 'columnNames' ? 'columnNames' : 'the header row';

  const empty = names.findIndex((name) => name.trim() === '');
  if (empty >= 0) {
    throw new DatasetValidationError(field, `column ${empty + 1} has an empty name in ${source}; give every column a name`);
  }

  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  if (duplicates.size > 0) {
    const list = [...duplicates].map((name) => `"${name}"`).join(', ');
    throw new DatasetValidationError(field, `${source} repeats the column name(s) ${list}; rename them so that every name is unique`);
  }
}
