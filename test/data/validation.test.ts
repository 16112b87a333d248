import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvOptions } from '../../src/data/csv.js';
import { buildDataset, type DatasetOptions } from '../../src/data/dataset.js';
import { DatasetValidationError } from '../../src/data/errors.js';
import { linearCsv } from './helpers.js';

async function parseError(text: string | Readable, options?: CsvOptions): Promise<DatasetValidationError> {
  try {
    await parseCsv(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetValidationError);
    return error as DatasetValidationError;
  }
  throw new Error('parseCsv accepted the input');
}

async function buildError(text: string, options: Partial<DatasetOptions>): Promise<DatasetValidationError> {
  const table = await parseCsv(text);
  try {
    buildDataset(table, { targetColumn: 'y', missingValues: 'DROP_ROWS', seed: 1, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetValidationError);
    return error as DatasetValidationError;
  }
  throw new Error('buildDataset accepted the input');
}

describe('file validation', () => {
  it('rejects an empty file', async () => {
    for (const empty of ['', '\n\n', '\ufeff']) {
      const error = await parseError(empty);
      expect(error.field).toBe('file');
      expect(error.message).toMatch(/empty/);
    }
  });

  it('rejects a header without data rows', async () => {
    const error = await parseError('a,b\n');
    expect(error.message).toMatch(/no data rows/);
  });

  it('rejects a numeric first line as header', async () => {
    const error = await parseError('5.1,3.5,0\n4.9,3.0,0\n');
    expect(error.field).toBe('file');
    expect(error.message).toContain('5.1, 3.5, 0');
    expect(error.message).toContain('columnNames');
  });

  it('rejects duplicate column names', async () => {
    const error = await parseError('a,b,a,c,b\n1,2,3,4,5\n');
    expect(error.message).toContain('"a", "b"');
    expect(error.message).toMatch(/unique/);
  });

  it('rejects an empty column name', async () => {
    const error = await parseError(',a\n1,2\n');
    expect(error.message).toContain('column 1 has an empty name');
  });

  it('rejects a ragged row with its line number', async () => {
    const error = await parseError('a,b,c\n1,"two\nlines",3\n\n4,5\n6,7,8\n');
    expect(error.field).toBe('file');
    expect(error.message).toContain('line 5 has 2 fields, expected 3');
  });

  it('rejects a wrong number of columnNames', async () => {
    const error = await parseError('1,2,3\n4,5,6\n', { columnNames: ['a', 'b'] });
    expect(error.field).toBe('columnNames');
    expect(error.message).toContain('columnNames has 2 names but line 1 has 3 fields');
  });

  it('rejects duplicate columnNames', async () => {
    const error = await parseError('1,2\n', { columnNames: ['a', 'a'] });
    expect(error.field).toBe('columnNames');
    expect(error.message).toContain('"a"');
  });

  it('rejects a file over maxBytes and stops reading', async () => {
    const source = Readable.from([Buffer.from(linearCsv(50)), Buffer.from(linearCsv(50))]);
    const error = await parseError(source, { maxBytes: 100 });
    expect(error.field).toBe('file');
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toContain('100 bytes');
    expect(error.message).toContain('MAX_UPLOAD_BYTES');
    expect(source.destroyed).toBe(true);
  });

  it('rejects more rows than maxRows', async () => {
    const error = await parseError(linearCsv(20), { maxRows: 10 });
    expect(error.message).toContain('more than 10 data rows');
  });

  it('rejects stray text in a numeric column', async () => {
    const lines = ['id,weight'];
    for (let i = 1; i <= 30; i++) lines.push(`${i},${i === 17 ? '12..5' : i / 2}`);
    const error = await parseError(lines.join('\n'));
    expect(error.message).toContain('"weight"');
    expect(error.message).toContain('"12..5"');
    expect(error.message).toContain('line 18');
    expect(error.message).toContain('NA');
  });

  it('rejects infinity literals in numeric data', async () => {
    for (const literal of ['Infinity', '-Infinity', 'inf', '1e999']) {
      const error = await parseError(`a,b\n1,2\n3,${literal}\n5,6\n`);
      expect(error.message).toContain(`"${literal}"`);
      expect(error.message).toContain('line 3');
    }
  });

  it('rejects unclosed quotes', async () => {
    const error = await parseError('a,b\n1,"open\n2,3\n');
    expect(error.field).toBe('file');
    expect(error.message).toMatch(/not valid CSV.*Quote Not Closed/);
  });
});

describe('dataset validation', () => {
  it('rejects an unknown target column', async () => {
    const error = await buildError(linearCsv(20), { targetColumn: 'price' });
    expect(error.field).toBe('targetColumn');
    expect(error.message).toContain('"price"');
    expect(error.message).toContain('"x", "y"');
  });

  it('rejects a single-valued target', async () => {
    const error = await buildError(`x,y\n${Array.from({ length: 12 }, (_, i) => `${i},7`).join('\n')}`, {});
    expect(error.field).toBe('targetColumn');
    expect(error.message).toContain('single value "7"');
  });

  it('rejects fewer than 10 rows', async () => {
    const error = await buildError(linearCsv(9), {});
    expect(error.message).toContain('only 9 data rows');
  });

  it('rejects fewer than 10 rows after dropping', async () => {
    const lines = ['x,z,y'];
    for (let i = 0; i < 20; i++) lines.push(`${i},${i < 12 ? 'NA' : i},${i % 3}`);
    const error = await buildError(lines.join('\n'), {});
    expect(error.message).toContain('only 8 of 20 rows');
    expect(error.message).toContain('"z" is missing in 12 rows');
    expect(error.message).toContain('IMPUTE_MEAN');
  });

  it('rejects a task that does not fit the target', async () => {
    const threeClasses = `x,y\n${Array.from({ length: 30 }, (_, i) => `${i},${['a', 'b', 'c'][i % 3]}`).join('\n')}`;
    const binary = await buildError(threeClasses, { task: 'BINARY' });
    expect(binary.field).toBe('task');
    expect(binary.message).toContain('has 3 (a, b, c)');
    const regression = await buildError(threeClasses, { task: 'REGRESSION' });
    expect(regression.message).toContain('"a"');
  });

  it('rejects bad split fractions', async () => {
    const error = await buildError(linearCsv(20), { splitFractions: { train: 0.5, validation: 0.5, test: 0.5 } });
    expect(error.field).toBe('splitFractions');
    expect(error.message).toContain('sum to 1.5');
  });

  it('rejects an ordinal value outside its categories', async () => {
    const lines = ['size,y'];
    for (let i = 0; i < 20; i++) lines.push(`${['S', 'M', 'L', 'XL'][i % 4]},${i}`);
    const error = await buildError(lines.join('\n'), { ordinalEncodings: [{ column: 'size', categories: ['S', 'M', 'L'] }] });
    expect(error.field).toBe('ordinalEncodings');
    expect(error.message).toContain('"XL"');
    expect(error.message).toContain('S, M, L');
  });

  it('rejects an ordinal encoding of an unknown column', async () => {
    const error = await buildError(linearCsv(20), { ordinalEncodings: [{ column: 'size', categories: ['S'] }] });
    expect(error.message).toContain('"size"');
  });

  it('rejects one-hot columns over maxCategories', async () => {
    const lines = ['name,y'];
    for (let i = 0; i < 20; i++) lines.push(`n${i},${i}`);
    const error = await buildError(lines.join('\n'), { maxCategories: 5 });
    expect(error.message).toContain('"name" has 20 distinct values');
  });
});
