import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { DatasetValidationError } from './errors.js';
import { sniffDelimiter, type Delimiter } from './sniff.js';
import type { ParsedTable } from './table.js';
import { TableBuilder } from './tableBuilder.js';

export interface CsvOptions {
  /** Names for a file without a header row; the first line is then data. */
  columnNames?: string[];
  /** Skips delimiter detection. */
  delimiter?: Delimiter;
  /** Maximum input size in bytes; the caller usually takes it from MAX_UPLOAD_BYTES. */
  maxBytes?: number;
  /** Maximum number of data rows. */
  maxRows?: number;
}

// Enough for the sniffer's sample lines in all but very wide files.
const SNIFF_BYTES = 64 * 1024;

// String input is fed to the parser in slices, so a large string is not copied at once.
const STRING_SLICE_LENGTH = 64 * 1024;

/**
 * Parses a CSV file from a stream or a string into typed columns while it
 * streams. Accepts a header row (or `columnNames`), quoted fields with
 * delimiters and line breaks, a comma, semicolon or tab delimiter (detected
 * from the first lines), spaces around values, a UTF-8 byte order mark, empty
 * lines and a missing final newline.
 *
 * Throws DatasetValidationError for an empty file, a bad header, ragged rows,
 * stray text or infinity in a numeric column, a NUL byte (binary input) and
 * input over `maxBytes`.
 */
export async function parseCsv(input: Readable | string, options: CsvOptions = {}): Promise<ParsedTable> {
  rejectInvalidOptions(options);

  const counter = new ByteCounter(options.maxBytes);
  const chunks: AsyncIterable<Buffer | string> = typeof input === 'string' ? stringSlices(input) : input;
  const iterator = chunks[Symbol.asyncIterator]();
  const readChunk = async (): Promise<Buffer | null> => {
    const next = await iterator.next();
    if (next.done) return null;
    const buffer = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : (next.value as Buffer);
    counter.add(buffer.length);
    rejectNulByte(buffer, counter.total - buffer.length);
    return buffer;
  };

  try {
    const head = await readHead(readChunk);
    const delimiter = options.delimiter ?? sniffDelimiter(head.text, head.complete);
    const builder = new TableBuilder(options.columnNames, options.maxRows);

    await runParser(delimiter, builder, async function* () {
      yield* head.chunks;
      for (let chunk = await readChunk(); chunk; chunk = await readChunk()) yield chunk;
    });

    const columns = builder.finish();
    return { columns, rowCount: builder.rowCount, delimiter, hasHeader: !options.columnNames, byteCount: counter.total };
  } finally {
    await iterator.return?.();
  }
}

async function runParser(delimiter: Delimiter, builder: TableBuilder, source: () => AsyncGenerator<Buffer>): Promise<void> {
  const parser = parse({
    delimiter,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: (record: string[], context) => {
      builder.addRecord(record, context.lines);
      return null;
    },
  });

  try {
    await pipeline(source, parser, async (records: AsyncIterable<unknown>) => {
      for await (const _ of records);
    });
  } catch (error) {
    if (error instanceof CsvError) {
      throw new DatasetValidationError('file', `the file is not valid CSV: ${error.message}; check the quotes around values`);
    }
    throw error;
  }
}

interface Head {
  chunks: Buffer[];
  text: string;
  complete: boolean;
}

// Reads the first SNIFF_BYTES (or the whole input, if shorter) for delimiter detection.
async function readHead(readChunk: () => Promise<Buffer | null>): Promise<Head> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const chunk = await readChunk();
    if (!chunk) return { chunks, text: Buffer.concat(chunks).toString('utf8'), complete: true };
    chunks.push(chunk);
    length += chunk.length;
  }
  const text = Buffer.concat(chunks).subarray(0, SNIFF_BYTES).toString('utf8');
  return { chunks, text, complete: false };
}

// Slices end after a whole UTF-16 surrogate pair, so that no slice encodes half a character.
async function* stringSlices(text: string): AsyncGenerator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + STRING_SLICE_LENGTH, text.length);
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++;
    yield text.slice(start, end);
    start = end;
  }
}

class ByteCounter {
  total = 0;

  constructor(private readonly maxBytes: number | undefined) {}

  add(bytes: number): void {
    this.total += bytes;
    if (this.maxBytes !== undefined && this.total > this.maxBytes) {
      throw new DatasetValidationError(
        'file',
        `the file is larger than the upload limit of ${this.maxBytes} bytes; upload a smaller file or raise MAX_UPLOAD_BYTES`,
        'FILE_TOO_LARGE',
      );
    }
  }
}

/** Rejects binary input: text CSV in UTF-8 never contains a NUL byte, while binary files and UTF-16 text do. */
function rejectNulByte(buffer: Buffer, offset: number): void {
  const position = buffer.indexOf(0);
  if (position < 0) return;
  throw new DatasetValidationError(
    'file',
    `the file contains a NUL byte at byte ${offset + position}, so it is binary data or UTF-16 text rather than a CSV file; upload a text CSV file in UTF-8`,
  );
}

function rejectInvalidOptions(options: CsvOptions): void {
  for (const key of ['maxBytes', 'maxRows'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new DatasetValidationError(key, `${key} must be a positive integer, got ${value}`);
    }
  }
  if (options.columnNames && options.columnNames.length === 0) {
    throw new DatasetValidationError('columnNames', 'columnNames is empty; give one name per field or omit it to read the header row');
  }
}
