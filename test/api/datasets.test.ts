import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { sharedDataset } from '../support/paths.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

const CREATE = `mutation Create($input: CreateDatasetInput!) {
  createDataset(input: $input) { id name task targetColumn featureNames classLabels rowCount featureCount contentHash
    missingCounts { column count } splitSizes { train validation test } featureGroups { name features } }
}`;

describe('datasets API', () => {
  it('serves serverInfo', async () => {
    const response = await app.graphql(`{ serverInfo { version backend databaseMode } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.serverInfo.backend).toBe('wasm');
    expect(response.data.serverInfo.databaseMode).toBe('EXTERNAL');
  });

  it('registers iris from inline text', async () => {
    const csv = await readFile(sharedDataset('sklearn/iris.csv'), 'utf8');
    const response = await app.graphql(CREATE, { input: { name: 'iris', csv, targetColumn: 'target' } });
    expect(response.errors).toBeUndefined();
    const dataset = response.data.createDataset;
    expect(dataset.rowCount).toBe(150);
    expect(dataset.task).toBe('MULTICLASS');
    expect(dataset.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(dataset.classLabels).toEqual(['0', '1', '2']);
    expect(dataset.splitSizes.train + dataset.splitSizes.validation + dataset.splitSizes.test).toBe(150);
  });

  it('rejects an unknown target column and stores nothing', async () => {
    const before = await app.db.dataset.count();
    const response = await app.graphql(CREATE, { input: { name: 'bad', csv: 'a,b\n1,2\n3,4\n', targetColumn: 'c' } });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('c');
    expect(await app.db.dataset.count()).toBe(before);
  });

  it('registers a FRIEDMAN1 dataset', async () => {
    const response = await app.graphql(`mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 500, noise: 1, seed: 3 }) { id rowCount featureNames task } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.createSyntheticDataset.rowCount).toBe(500);
    expect(response.data.createSyntheticDataset.featureNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10']);
  });
});
