import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { buildDataset, type EncodedDataset } from '../../src/data/dataset.js';
import { datasetStream } from './helpers.js';

async function load(name: string): Promise<EncodedDataset> {
  const table = await parseCsv(datasetStream(`sklearn/${name}.csv`));
  return buildDataset(table, { targetColumn: 'target', missingValues: 'DROP_ROWS', seed: 42 });
}

function expectSplitCovers(dataset: EncodedDataset): void {
  const { train, validation, test } = dataset.split;
  const all = [...train, ...validation, ...test].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: dataset.rowCount }, (_, i) => i));
}

describe('scikit-learn datasets', () => {
  it('iris is MULTICLASS with 150 rows', async () => {
    const iris = await load('iris');
    expect(iris.rowCount).toBe(150);
    expect(iris.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(iris.task).toBe('MULTICLASS');
    expect(iris.classLabels).toEqual(['0', '1', '2']);
    expect(iris.X).toHaveLength(600);
    expect(Array.from(iris.X.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(iris.y[0]).toBe(0);
    expect(iris.y[149]).toBe(2);
  });

  it('iris statistics match population formulas', async () => {
    const stats = (await load('iris')).featureStats[0];
    expect(stats.name).toBe('sepal length (cm)');
    expect(stats.mean).toBeCloseTo(5.843333333333335, 12);
    expect(stats.std).toBeCloseTo(0.8253012917851409, 12);
    expect(stats.min).toBe(4.3);
    expect(stats.max).toBe(7.9);
  });

  it('iris split is stratified 34/8/8 per class', async () => {
    const iris = await load('iris');
    expect(iris.split.train).toHaveLength(102);
    expect(iris.split.validation).toHaveLength(24);
    expect(iris.split.test).toHaveLength(24);
    for (const rows of [iris.split.validation, iris.split.test]) {
      const perClass = [0, 0, 0];
      for (const row of rows) perClass[iris.y[row]]++;
      expect(perClass).toEqual([8, 8, 8]);
    }
    expectSplitCovers(iris);
  });

  it('wine is MULTICLASS with 178 rows', async () => {
    const wine = await load('wine');
    expect(wine.rowCount).toBe(178);
    expect(wine.featureNames).toHaveLength(13);
    expect(wine.featureNames).toContain('od280/od315_of_diluted_wines');
    expect(wine.task).toBe('MULTICLASS');
    expect(wine.classLabels).toEqual(['0', '1', '2']);
    expect(wine.featureStats[0].mean).toBeCloseTo(13.00061797752809, 12);
  });

  it('breast_cancer is BINARY with 569 rows', async () => {
    const cancer = await load('breast_cancer');
    expect(cancer.rowCount).toBe(569);
    expect(cancer.featureNames).toHaveLength(30);
    expect(cancer.featureNames[0]).toBe('mean radius');
    expect(cancer.featureNames[29]).toBe('worst fractal dimension');
    expect(cancer.task).toBe('BINARY');
    expect(cancer.classLabels).toEqual(['0', '1']);
    expect(cancer.y.reduce((sum, value) => sum + value, 0)).toBe(357);
    expectSplitCovers(cancer);
  });

  it('diabetes is REGRESSION with 442 rows', async () => {
    const diabetes = await load('diabetes');
    expect(diabetes.rowCount).toBe(442);
    expect(diabetes.featureNames).toEqual(['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']);
    expect(diabetes.task).toBe('REGRESSION');
    expect(diabetes.classLabels).toEqual([]);
    expect(diabetes.y[0]).toBe(151);
    expect(diabetes.featureStats[0].std).toBeCloseTo(13.094190207980025, 12);
    expect(diabetes.split.train).toHaveLength(310);
    expect(diabetes.split.validation).toHaveLength(66);
    expect(diabetes.split.test).toHaveLength(66);
  });
});
