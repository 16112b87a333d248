import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { buildDataset } from '../../src/data/dataset.js';
import type { ParsedTable } from '../../src/data/table.js';
import { ABALONE_COLUMNS, ADULT_COLUMNS, datasetStream } from './helpers.js';

describe('UCI adult', () => {
  let adult: ParsedTable;
  beforeAll(async () => {
    adult = await parseCsv(datasetStream('raw/adult/adult-train.csv'), { columnNames: ADULT_COLUMNS });
  });

  it('parses 32,561 rows with comma and space', () => {
    expect(adult.rowCount).toBe(32_561);
    expect(adult.delimiter).toBe(',');
    expect(adult.columns.map((column) => column.name)).toEqual(ADULT_COLUMNS);
    expect(adult.columns.map((column) => column.kind)).toEqual([
      'numeric', 'text', 'numeric', 'text', 'numeric', 'text', 'text', 'text', 'text', 'text', 'numeric', 'numeric', 'numeric', 'text', 'text',
    ]);
  });

  it('counts " ?" as missing', () => {
    const missing = Object.fromEntries(adult.columns.map((column) => [column.name, column.missingCount]));
    expect(missing.workclass).toBe(1836);
    expect(missing.occupation).toBe(1843);
    expect(missing['native-country']).toBe(583);
    expect(missing.age).toBe(0);
  });

  it('drops 2,399 incomplete rows with DROP_ROWS', () => {
    const dataset = buildDataset(adult, { targetColumn: 'income', missingValues: 'DROP_ROWS', seed: 3 });
    expect(dataset.task).toBe('BINARY');
    expect(dataset.classLabels).toEqual(['<=50K', '>50K']);
    expect(dataset.rowCount).toBe(30_162);
    expect(dataset.droppedRows).toBe(2399);
    expect(dataset.missingCounts.workclass).toBe(1836);
    expect(dataset.featureCount).toBe(104);
    expect(dataset.featureStats[0].mean).toBeCloseTo(38.437901995888865, 10);
    expect(dataset.imputation).toEqual({});
    expect(dataset.sourceColumns).toEqual(ADULT_COLUMNS.slice(0, 14));
  });

  it('one-hot encodes text columns', () => {
    const dataset = buildDataset(adult, { targetColumn: 'income', missingValues: 'DROP_ROWS', seed: 3 });
    const sex = dataset.featureGroups.find((group) => group.name === 'sex')!;
    expect(sex.columns.map((index) => dataset.featureNames[index])).toEqual(['sex=Male', 'sex=Female']);
    const age = dataset.featureGroups.find((group) => group.name === 'age')!;
    expect(age.columns).toEqual([0]);
    expect(dataset.featureGroups).toHaveLength(14);

    const [male, female] = sex.columns;
    const width = dataset.featureCount;
    let females = 0;
    for (let r = 0; r < dataset.rowCount; r++) {
      expect(dataset.X[r * width + male] + dataset.X[r * width + female]).toBe(1);
      females += dataset.X[r * width + female];
    }
    expect(females).toBe(9782);
  });

  it('imputes with IMPUTE_MEAN and zero-encodes missing text', () => {
    const dataset = buildDataset(adult, { targetColumn: 'income', missingValues: 'IMPUTE_MEAN', seed: 3 });
    expect(dataset.rowCount).toBe(32_561);
    expect(dataset.droppedRows).toBe(0);
    expect(dataset.featureCount).toBe(105);
    expect(dataset.featureNames).toContain('workclass=Never-worked');
    expect(Object.keys(dataset.imputation)).toEqual(['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week']);

    const workclass = dataset.featureGroups.find((group) => group.name === 'workclass')!;
    let allZero = 0;
    for (let r = 0; r < dataset.rowCount; r++) {
      const sum = workclass.columns.reduce((total, index) => total + dataset.X[r * dataset.featureCount + index], 0);
      if (sum === 0) allZero++;
    }
    expect(allZero).toBe(1836);
  });
});

describe('UCI abalone', () => {
  it('encodes Sex as one ordinal feature', async () => {
    const table = await parseCsv(datasetStream('raw/abalone/abalone.csv'), { columnNames: ABALONE_COLUMNS });
    expect(table.rowCount).toBe(4177);
    const dataset = buildDataset(table, {
      targetColumn: 'Rings',
      missingValues: 'DROP_ROWS',
      seed: 1,
      ordinalEncodings: [{ column: 'Sex', categories: ['F', 'M', 'I'] }],
    });
    expect(dataset.featureNames).toEqual(ABALONE_COLUMNS.slice(0, 8));
    expect(dataset.featureCount).toBe(8);
    expect(dataset.task).toBe('REGRESSION');
    expect(dataset.encoding.columns[0]).toEqual({ kind: 'ordinal', column: 'Sex', categories: ['F', 'M', 'I'], imputeValue: null });

    const counts = [0, 0, 0];
    for (let r = 0; r < dataset.rowCount; r++) counts[dataset.X[r * 8]]++;
    expect(counts).toEqual([1307, 1528, 1342]);
    expect(Array.from(dataset.X.subarray(0, 8))).toEqual([1, 0.455, 0.365, 0.095, 0.514, 0.2245, 0.101, 0.15]);
    expect(dataset.y[dataset.rowCount - 1]).toBe(12);
  });
});
