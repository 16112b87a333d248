import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import type { NumericColumn, ParsedColumn, ParsedTable, TextColumn } from '../../src/data/table.js';
import { chunkedStream } from './helpers.js';

function column(table: ParsedTable, name: string): ParsedColumn {
  const found = table.columns.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

function numeric(table: ParsedTable, name: string): number[] {
  const found = column(table, name) as NumericColumn;
  expect(found.kind).toBe('numeric');
  return Array.from(found.values);
}

function text(table: ParsedTable, name: string): Array<string | null> {
  const found = column(table, name) as TextColumn;
  expect(found.kind).toBe('text');
  return Array.from(found.codes, (code) => (code < 0 ? null : found.categories[code]));
}

describe('parseCsv', () => {
  it('reads a header and numeric and text columns', async () => {
    const table = await parseCsv('a,b\n1,x\n2.5,y\n-3e2,x\n');
    expect(table.rowCount).toBe(3);
    expect(table.hasHeader).toBe(true);
    expect(numeric(table, 'a')).toEqual([1, 2.5, -300]);
    expect(text(table, 'b')).toEqual(['x', 'y', 'x']);
    expect((column(table, 'b') as TextColumn).categories).toEqual(['x', 'y']);
  });

  it('keeps quoted commas, quotes and line breaks', async () => {
    const table = await parseCsv('name,note,n\n"Smith, J","said ""hi""",1\nLee,"two\nlines",2\n');
    expect(text(table, 'name')).toEqual(['Smith, J', 'Lee']);
    expect(text(table, 'note')).toEqual(['said "hi"', 'two\nlines']);
    expect(numeric(table, 'n')).toEqual([1, 2]);
  });

  it('detects a semicolon delimiter', async () => {
    const table = await parseCsv('a;b;c\n1;2;x,y\n3;4;z\n');
    expect(table.delimiter).toBe(';');
    expect(numeric(table, 'b')).toEqual([2, 4]);
    expect(text(table, 'c')).toEqual(['x,y', 'z']);
  });

  it('detects a tab delimiter', async () => {
    const table = await parseCsv('first name\tscore\nAnn, B\t1.5\nCid\t2\n');
    expect(table.delimiter).toBe('\t');
    expect(text(table, 'first name')).toEqual(['Ann, B', 'Cid']);
    expect(numeric(table, 'score')).toEqual([1.5, 2]);
  });

  it('ignores delimiters inside quotes when sniffing', async () => {
    const table = await parseCsv('"a;b";c\n"1;2";3\n"4;5";6\n');
    expect(table.delimiter).toBe(';');
    expect(table.columns.map((c) => c.name)).toEqual(['a;b', 'c']);
  });

  it('accepts the given delimiter without sniffing', async () => {
    const table = await parseCsv('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(table.columns.map((c) => c.name)).toEqual(['a;b', 'c']);
  });

  it('strips a byte order mark', async () => {
    const table = await parseCsv('\ufeffid,v\n1,2\n');
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'v']);
  });

  it('trims spaces after delimiters', async () => {
    const table = await parseCsv('a, b, c\n1, x, 2\n3,  y,4\n');
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(text(table, 'b')).toEqual(['x', 'y']);
    expect(numeric(table, 'c')).toEqual([2, 4]);
  });

  it('accepts no final newline, empty lines and CRLF', async () => {
    expect((await parseCsv('a,b\n1,2\n3,4')).rowCount).toBe(2);
    expect((await parseCsv('a,b\n1,2\n\n3,4\n\n')).rowCount).toBe(2);
    const crlf = await parseCsv('a,b\r\n1,2\r\n3,4\r\n');
    expect(numeric(crlf, 'b')).toEqual([2, 4]);
  });

  it('reads missing-value tokens in any case', async () => {
    const table = await parseCsv('a,b\n1,x\nNA,?\nn/a,null\nNaN,NULL\n,Na\n5,y\n');
    expect(numeric(table, 'a')).toEqual([1, NaN, NaN, NaN, NaN, 5]);
    expect(column(table, 'a').missingCount).toBe(4);
    expect(text(table, 'b')).toEqual(['x', null, null, null, null, 'y']);
    expect(column(table, 'b').missingCount).toBe(4);
  });

  it('switches a column to text and keeps numbers as categories', async () => {
    const table = await parseCsv('code\n1.0\n2\nA\nB\n1\nC\nNA\n');
    expect(text(table, 'code')).toEqual(['1', '2', 'A', 'B', '1', 'C', null]);
    expect((column(table, 'code') as TextColumn).categories).toEqual(['1', '2', 'A', 'B', 'C']);
  });

  it('keeps an all-missing column numeric', async () => {
    const table = await parseCsv('a,b\n1,NA\n2,\n');
    expect(numeric(table, 'b')).toEqual([NaN, NaN]);
    expect(column(table, 'b').missingCount).toBe(2);
  });

  it('reads names from columnNames without a header', async () => {
    const table = await parseCsv('1,2\n3,4\n', { columnNames: ['p', 'q'] });
    expect(table.hasHeader).toBe(false);
    expect(table.rowCount).toBe(2);
    expect(numeric(table, 'p')).toEqual([1, 3]);
  });

  it('reads a stream split inside fields and characters', async () => {
    const source = 'név,város\n1,"Győr, HU"\n2,Pécs\n3,"Szeged\nkelet"\n';
    const table = await parseCsv(chunkedStream(source, 3));
    expect(table.columns.map((c) => c.name)).toEqual(['név', 'város']);
    expect(text(table, 'város')).toEqual(['Győr, HU', 'Pécs', 'Szeged\nkelet']);
    expect(table.byteCount).toBe(Buffer.byteLength(source));
  });

  it('builds typed columns for 200,000 × 20 streamed rows', async () => {
    const rows = 200_000;
    const columns = 20;
    function* lines(): Generator<Buffer> {
      yield Buffer.from(Array.from({ length: columns }, (_, j) => `f${j}`).join(',') + '\n');
      let batch: string[] = [];
      for (let r = 0; r < rows; r++) {
        const cells = Array.from({ length: columns }, (_, j) => String(r + j / 100));
        batch.push(cells.join(','));
        if (batch.length === 1000) {
          yield Buffer.from(batch.join('\n') + '\n');
          batch = [];
        }
      }
    }

    const table = await parseCsv(Readable.from(lines()));
    expect(table.rowCount).toBe(rows);
    expect(table.columns).toHaveLength(columns);
    for (const parsed of table.columns) {
      expect(parsed.kind).toBe('numeric');
      expect((parsed as NumericColumn).values).toBeInstanceOf(Float64Array);
      expect((parsed as NumericColumn).values).toHaveLength(rows);
    }
    expect((table.columns[7] as NumericColumn).values[123_456]).toBe(123_456.07);
  });
});

describe('parseCsv string input', () => {
  it('keeps characters across slice borders', async () => {
    const label = `x${'😀'.repeat(70_000)}`;
    const table = await parseCsv(`a,b\n1,${label}\n2,x\n`);
    expect(text(table, 'b')).toEqual([label, 'x']);
  });
});
