import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/app.js';
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

/** Sends createDataset as a GraphQL multipart request (the graphql-upload convention). */
async function uploadCsv(file: string, input: Record<string, unknown>, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: CREATE, variables: { input: { ...input, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([await readFile(file)]), path.basename(file));
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, ...headers } });
  return { status: response.status, body: (await response.json()) as any };
}

describe('dataset uploads', () => {
  it('registers the four scikit-learn files by multipart upload', async () => {
    const expected = [
      ['iris.csv', 150, 4, 'MULTICLASS', ['0', '1', '2']],
      ['wine.csv', 178, 13, 'MULTICLASS', ['0', '1', '2']],
      ['breast_cancer.csv', 569, 30, 'BINARY', ['0', '1']],
      ['diabetes.csv', 442, 10, 'REGRESSION', []],
    ] as const;
    for (const [file, rows, features, task, labels] of expected) {
      const { status, body } = await uploadCsv(sharedDataset(`sklearn/${file}`), { name: file, targetColumn: 'target' });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const dataset = body.data.createDataset;
      expect(dataset.rowCount).toBe(rows);
      expect(dataset.featureCount).toBe(features);
      expect(dataset.task).toBe(task);
      expect(dataset.classLabels).toEqual(labels);
    }
  });

  it('blocks a multipart upload without the CSRF preflight header', async () => {
    const before = await app.db.dataset.count();
    const { status, body } = await uploadCsv(sharedDataset('sklearn/iris.csv'), { name: 'csrf', targetColumn: 'target' }, {});
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('CSRF');
    expect(await app.db.dataset.count()).toBe(before);
  });

  it('registers the Adult census file with column names', async () => {
    const names = (await readFile(sharedDataset('raw/adult/adult.names'), 'utf8'));
    expect(names).toContain('native-country');
    const columnNames = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income'];
    const { body } = await uploadCsv(sharedDataset('raw/adult/adult-train.csv'), { name: 'adult', targetColumn: 'income', columnNames, missingValues: 'IMPUTE_MEAN' });
    expect(body.errors).toBeUndefined();
    const dataset = body.data.createDataset;
    expect(dataset.task).toBe('BINARY');
    expect(dataset.rowCount).toBe(32561);
    expect(dataset.classLabels.map((label: string) => label.trim()).sort()).toEqual(['<=50K', '>50K']);
    expect(dataset.featureNames).toContain('sex=Female');
    const missing = Object.fromEntries(dataset.missingCounts.map((entry: any) => [entry.column, entry.count]));
    expect(missing.workclass).toBe(1836);
    expect(missing.occupation).toBe(1843);
    expect(missing['native-country']).toBe(583);
    const sex = dataset.featureGroups.find((group: any) => group.name === 'sex');
    expect(sex.features.sort()).toEqual(['sex=Female', 'sex=Male']);
  });

  it('refuses to delete a dataset that a model uses', async () => {
    const created = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 100, noise: 1, seed: 9 }) { id } }');
    const id = created.data.createSyntheticDataset.id;
    await app.graphql('mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "user", architecture: LINEAR, epochs: 1 }) { id } }', { d: id });
    const refused = await app.graphql('mutation($id: ID!) { deleteDataset(id: $id) }', { id });
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');

    const unused = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 100, noise: 1, seed: 10 }) { id } }');
    const deleted = await app.graphql('mutation($id: ID!) { deleteDataset(id: $id) }', { id: unused.data.createSyntheticDataset.id });
    expect(deleted.data.deleteDataset).toBe(true);
  });
});
