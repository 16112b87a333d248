import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeContentHash, decodeIndices, decodeMatrix, encodeIndices, encodeMatrix } from '../../src/data/binary.js';
import { parseCsv } from '../../src/data/csv.js';
import { buildDataset, type DatasetOptions, type EncodedDataset } from '../../src/data/dataset.js';
import { encodeRows, type RawRow } from '../../src/data/encoding.js';
import { DatasetValidationError } from '../../src/data/errors.js';
import { deserializeDataset, serializeDataset } from '../../src/data/serialize.js';
import { splitRows } from '../../src/data/split.js';
import { friedman1, syntheticToDataset } from '../../src/data/synthetic.js';
import { linearCsv } from './helpers.js';

async function build(text: string, options: Partial<DatasetOptions> = {}): Promise<EncodedDataset> {
  return buildDataset(await parseCsv(text), { targetColumn: 'y', missingValues: 'DROP_ROWS', seed: 1, ...options });
}

function csvOf(header: string[], rows: Array<Array<string | number>>): string {
  return [header.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n';
}

describe('task inference', () => {
  const target = (values: Array<string | number>) => csvOf(['x', 'y'], values.map((value, i) => [i, value]));

  it('makes a two-valued text target BINARY', async () => {
    const dataset = await build(target(Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 'yes' : 'no'))));
    expect(dataset.task).toBe('BINARY');
    expect(dataset.classLabels).toEqual(['yes', 'no']);
    expect(Array.from(dataset.y.subarray(0, 4))).toEqual([0, 1, 1, 0]);
  });

  it('makes a three-valued text target MULTICLASS', async () => {
    const dataset = await build(target(Array.from({ length: 20 }, (_, i) => ['b', 'a', 'c'][i % 3])));
    expect(dataset.task).toBe('MULTICLASS');
    expect(dataset.classLabels).toEqual(['b', 'a', 'c']);
  });

  it('sorts integer class labels numerically', async () => {
    const dataset = await build(target(Array.from({ length: 200 }, (_, i) => [10, 2, -1][i % 3])));
    expect(dataset.task).toBe('MULTICLASS');
    expect(dataset.classLabels).toEqual(['-1', '2', '10']);
    expect(Array.from(dataset.y.subarray(0, 3))).toEqual([2, 1, 0]);
  });

  it('treats many integers or fractions as REGRESSION', async () => {
    expect((await build(target(Array.from({ length: 100 }, (_, i) => i % 10)))).task).toBe('REGRESSION');
    expect((await build(target(Array.from({ length: 1000 }, (_, i) => i % 25)))).task).toBe('REGRESSION');
    expect((await build(target(Array.from({ length: 20 }, (_, i) => i / 2)))).task).toBe('REGRESSION');
  });

  it('treats two integer values as BINARY', async () => {
    expect((await build(target(Array.from({ length: 20 }, (_, i) => (i % 2) + 1)))).task).toBe('BINARY');
  });

  it('follows a requested task', async () => {
    const dataset = await build(target(Array.from({ length: 20 }, (_, i) => i % 2)), { task: 'MULTICLASS' });
    expect(dataset.task).toBe('MULTICLASS');
    const regression = await build(target(Array.from({ length: 20 }, (_, i) => i % 2)), { task: 'REGRESSION' });
    expect(regression.classLabels).toEqual([]);
  });
});

describe('split', () => {
  it('is the same for the same seed', async () => {
    const first = await build(linearCsv(100), { seed: 7 });
    const second = await build(linearCsv(100), { seed: 7 });
    expect(second.split).toEqual(first.split);
  });

  it('differs for another seed', async () => {
    const first = await build(linearCsv(100), { seed: 7 });
    const second = await build(linearCsv(100), { seed: 8 });
    expect(Array.from(second.split.test)).not.toEqual(Array.from(first.split.test));
  });

  it('uses the given fractions', async () => {
    const dataset = await build(linearCsv(100), { splitFractions: { train: 0.6, validation: 0.1, test: 0.3 } });
    expect([dataset.split.train.length, dataset.split.validation.length, dataset.split.test.length]).toEqual([60, 10, 30]);
    expect(dataset.splitFractions).toEqual({ train: 0.6, validation: 0.1, test: 0.3 });
  });

  it('puts small classes in every split', () => {
    const labels = new Float64Array(100);
    for (let i = 90; i < 97; i++) labels[i] = 1;
    for (let i = 97; i < 100; i++) labels[i] = 2;
    for (const seed of [1, 2, 3, 4, 5]) {
      const split = splitRows(100, { train: 0.7, validation: 0.15, test: 0.15 }, seed, { labels, classCount: 3 });
      for (const rows of [split.train, split.validation, split.test]) {
        const classes = new Set(Array.from(rows, (row) => labels[row]));
        expect([...classes].sort()).toEqual([0, 1, 2]);
      }
    }
  });

  it('returns sorted disjoint Int32Arrays', () => {
    const split = splitRows(50, { train: 0.5, validation: 0.25, test: 0.25 }, 9);
    expect(split.train).toBeInstanceOf(Int32Array);
    const all = [...split.train, ...split.validation, ...split.test];
    expect(new Set(all).size).toBe(50);
    expect(Array.from(split.train)).toEqual(Array.from(split.train).sort((a, b) => a - b));
  });
});

describe('imputation', () => {
  it('uses the training mean only', async () => {
    const rows: Array<Array<string | number>> = Array.from({ length: 40 }, (_, i) => [i === 5 ? 'NA' : i * i, i]);
    const dataset = await build(csvOf(['x', 'y'], rows), { missingValues: 'IMPUTE_MEAN' });
    const trainValues = Array.from(dataset.split.train, (row) => row).filter((row) => row !== 5).map((row) => row * row);
    const trainMean = trainValues.reduce((sum, value) => sum + value, 0) / trainValues.length;
    const allMean = rows.filter((row) => row[0] !== 'NA').reduce((sum, row) => sum + Number(row[0]), 0) / 39;

    expect(trainMean).not.toBeCloseTo(allMean, 3);
    expect(dataset.imputation.x).toBeCloseTo(trainMean, 12);
    expect(dataset.X[5]).toBeCloseTo(trainMean, 12);
    expect(dataset.encoding.columns[0]).toEqual({ kind: 'numeric', column: 'x', imputeValue: dataset.imputation.x });
    expect(dataset.missingCounts.x).toBe(1);
  });

  it('drops rows with a missing target under IMPUTE_MEAN', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => [i, i === 3 ? '?' : i]);
    const dataset = await build(csvOf(['x', 'y'], rows), { missingValues: 'IMPUTE_MEAN' });
    expect(dataset.rowCount).toBe(19);
    expect(dataset.droppedRows).toBe(1);
    expect(dataset.X[3]).toBe(4);
  });
});

describe('content hash', () => {
  it('hashes names, target and little-endian values', async () => {
    const dataset = await build(linearCsv(12));
    const X = Buffer.alloc(12 * 8);
    const y = Buffer.alloc(12 * 8);
    for (let i = 0; i < 12; i++) {
      X.writeDoubleLE(i, i * 8);
      y.writeDoubleLE(2 * i, i * 8);
    }
    const expected = createHash('sha256').update('{"featureNames":["x"],"target":"y"}\n').update(X).update(y).digest('hex');
    expect(dataset.contentHash).toBe(expected);
  });

  it('ignores the seed and changes with one value', async () => {
    const base = await build(linearCsv(30), { seed: 1 });
    const reseeded = await build(linearCsv(30), { seed: 2 });
    expect(reseeded.contentHash).toBe(base.contentHash);
    const changed = await build(linearCsv(30).replace('\n7,14\n', '\n7,14.000001\n'));
    expect(changed.contentHash).not.toBe(base.contentHash);
    expect(computeContentHash(base.featureNames, 'target', base.X, base.y)).not.toBe(base.contentHash);
  });
});

describe('encodeRows', () => {
  const header = ['age', 'color', 'size', 'y'];
  const rows = Array.from({ length: 30 }, (_, i) => [20 + i, ['red', 'green', 'blue'][i % 3], ['S', 'M', 'L'][i % 3], i % 2 ? 'yes' : 'no']);
  const options: Partial<DatasetOptions> = { ordinalEncodings: [{ column: 'size', categories: ['S', 'M', 'L'] }] };

  it('reproduces the dataset encoding', async () => {
    const dataset = await build(csvOf(header, rows), options);
    expect(dataset.featureNames).toEqual(['age', 'color=red', 'color=green', 'color=blue', 'size']);
    const raw: RawRow[] = rows.map(([age, color, size]) => ({ age: String(age), color, size }));
    const encoded = encodeRows(dataset.encoding, raw);
    expect(encoded.featureCount).toBe(5);
    expect(Array.from(encoded.values)).toEqual(Array.from(dataset.X));
    expect(encoded.warnings).toEqual([]);
  });

  it('zero-encodes an unknown category with a warning', async () => {
    const dataset = await build(csvOf(header, rows), options);
    const encoded = encodeRows(dataset.encoding, [{ age: 30, color: 'purple', size: 'M' }]);
    expect(Array.from(encoded.values)).toEqual([30, 0, 0, 0, 1]);
    expect(encoded.warnings).toHaveLength(1);
    expect(encoded.warnings[0]).toContain('"purple"');
  });

  it('imputes missing values under IMPUTE_MEAN', async () => {
    const dataset = await build(csvOf(header, rows), { ...options, missingValues: 'IMPUTE_MEAN' });
    const encoded = encodeRows(dataset.encoding, [{ age: null, color: 'NA', size: undefined }]);
    expect(Array.from(encoded.values)).toEqual([dataset.imputation.age, 0, 0, 0, dataset.imputation.size]);
  });

  it('rejects invalid values', async () => {
    const dataset = await build(csvOf(header, rows), options);
    const cases: Array<[RawRow, string]> = [
      [{ age: null, color: 'red', size: 'S' }, 'no value for column "age"'],
      [{ age: 'old', color: 'red', size: 'S' }, '"old" in numeric column "age"'],
      [{ age: 3, color: 'red', size: 'XL' }, '"XL" in ordinal column "size"'],
      [{ age: 3, color: '', size: 'S' }, 'no value for column "color"'],
    ];
    for (const [row, message] of cases) {
      expect(() => encodeRows(dataset.encoding, [row])).toThrow(DatasetValidationError);
      expect(() => encodeRows(dataset.encoding, [row])).toThrow(message);
    }
  });
});

describe('storage encoding', () => {
  it('writes little-endian float64 and int32', () => {
    expect(encodeMatrix(new Float64Array([1, -2])).toString('hex')).toBe('000000000000f03f00000000000000c0');
    expect(encodeIndices(new Int32Array([1, 256])).toString('hex')).toBe('0100000000010000');
  });

  it('reads unaligned buffers', () => {
    const padded = Buffer.concat([Buffer.from([9]), encodeMatrix(new Float64Array([0.1, 3]))]).subarray(1);
    expect(Array.from(decodeMatrix(padded))).toEqual([0.1, 3]);
    expect(Array.from(decodeIndices(encodeIndices(new Int32Array([-5, 7]))))).toEqual([-5, 7]);
    expect(() => decodeMatrix(Buffer.alloc(12))).toThrow('12 bytes');
  });

  it('round-trips a dataset through JSON', async () => {
    const dataset = await build(csvOf(['age', 'color', 'y'], Array.from({ length: 40 }, (_, i) => [i, i % 4 ? 'red' : 'NA', i % 3])), {
      missingValues: 'IMPUTE_MEAN',
    });
    const stored = serializeDataset(dataset);
    expect(stored.description.splitSizes).toEqual({ train: 28, validation: 6, test: 6 });
    expect(stored.splits).toHaveLength(40 * 4);

    const description = JSON.parse(JSON.stringify(stored.description));
    const restored = deserializeDataset({ ...stored, description }, { verifyHash: true });
    expect(restored).toEqual(dataset);
    expect(restored.X).toBeInstanceOf(Float64Array);
    expect(restored.split.test).toBeInstanceOf(Int32Array);
  });

  it('detects changed content', async () => {
    const stored = serializeDataset(await build(linearCsv(20)));
    stored.features.writeDoubleLE(99, 0);
    expect(() => deserializeDataset(stored, { verifyHash: true })).toThrow('the stored data changed');
    expect(() => deserializeDataset({ ...stored, target: stored.target.subarray(8) })).toThrow('stored target has 19 values, expected 20');
  });
});

describe('syntheticToDataset', () => {
  it('turns friedman1 into a regression dataset', () => {
    const table = friedman1(200, 0, 11);
    const dataset = syntheticToDataset(table, { seed: 5 });
    expect(dataset.featureNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10']);
    expect(dataset.targetColumn).toBe('y');
    expect(dataset.task).toBe('REGRESSION');
    expect(dataset.X).toEqual(table.features);
    expect(dataset.y).toEqual(table.target);
    expect([dataset.split.train.length, dataset.split.validation.length, dataset.split.test.length]).toEqual([140, 30, 30]);
    expect(syntheticToDataset(table, { seed: 5 }).split).toEqual(dataset.split);
    expect(dataset.featureGroups[9]).toEqual({ name: 'x10', columns: [9] });
  });
});
