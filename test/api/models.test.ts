import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend.js';
import { startTestApp, waitFor, TEST_ADMIN_KEY, type TestApp } from '../support/app.js';
import { sharedDataset } from '../support/paths.js';

let app: TestApp;

beforeAll(async () => {
  await initBackend();
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

async function createCsvDataset(name: string, file: string, extra: Record<string, unknown> = {}): Promise<any> {
  const csv = await readFile(sharedDataset(file), 'utf8');
  const response = await app.graphql(
    `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id featureNames task rowCount classLabels } }`,
    { input: { name, csv, targetColumn: 'target', ...extra } },
  );
  expect(response.errors).toBeUndefined();
  return response.data.createDataset;
}

async function train(datasetId: string, fields: string): Promise<any> {
  const response = await app.graphql(`mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "m", ${fields} }) { id } }`, { d: datasetId });
  expect(response.errors).toBeUndefined();
  return waitFor(async () => {
    const polled = await app.graphql(`query($id: ID!) { model(id: $id) { id status error weightsHash inputFeatures metrics { split r2 accuracy rmse } } }`, { id: response.data.trainModel.id });
    return polled.data.model.status === 'TRAINING' ? undefined : polled.data.model;
  });
}

describe('models API', () => {
  it('imports the abalone tfjs model with ordinal Sex', async () => {
    const raw = await readFile(sharedDataset('raw/abalone/abalone.csv'), 'utf8');
    const columnNames = ['Sex', 'Length', 'Diameter', 'Height', 'Whole weight', 'Shucked weight', 'Viscera weight', 'Shell weight', 'Rings'];
    const created = await app.graphql(
      `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id featureNames task rowCount } }`,
      { input: { name: 'abalone', csv: raw, targetColumn: 'Rings', task: 'REGRESSION', columnNames, ordinalEncodings: [{ column: 'Sex', categories: ['F', 'M', 'I'] }] } },
    );
    expect(created.errors).toBeUndefined();
    const dataset = created.data.createDataset;
    expect(dataset.featureNames).toEqual(columnNames.slice(0, 8));
    expect(dataset.rowCount).toBe(4177);

    const modelJson = JSON.parse(await readFile(sharedDataset('tfjs-models/abalone-node-mlp/model.json'), 'utf8'));
    const weights = await readFile(sharedDataset('tfjs-models/abalone-node-mlp/weights.bin'));
    const imported = await app.graphql(
      `mutation($input: ImportModelInput!) { importModel(input: $input) { id status architecture hiddenUnits metrics { split rows mae } } }`,
      { input: { datasetId: dataset.id, name: 'abalone-node', modelJson, weightsBase64: weights.toString('base64') } },
    );
    expect(imported.errors).toBeUndefined();
    const model = imported.data.importModel;
    expect(model.status).toBe('READY');
    expect(model.hiddenUnits).toEqual([50, 50]);
    const rows = model.metrics.reduce((sum: number, m: any) => sum + m.rows, 0);
    const mae = model.metrics.reduce((sum: number, m: any) => sum + m.mae * m.rows, 0) / rows;
    expect(mae).toBeGreaterThan(1.5);
    expect(mae).toBeLessThan(2.3);
  });

  it('rejects an import whose input size differs, naming both shapes', async () => {
    const iris = await createCsvDataset('iris-import', 'sklearn/iris.csv');
    const modelJson = JSON.parse(await readFile(sharedDataset('tfjs-models/abalone-node-mlp/model.json'), 'utf8'));
    const weights = await readFile(sharedDataset('tfjs-models/abalone-node-mlp/weights.bin'));
    const before = await app.db.model.count();
    const response = await app.graphql(
      `mutation($input: ImportModelInput!) { importModel(input: $input) { id } }`,
      { input: { datasetId: iris.id, name: 'wrong', modelJson, weightsBase64: weights.toString('base64') } },
    );
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('[null, 8]');
    expect(response.errors?.[0].message).toContain('[null, 4]');
    expect(await app.db.model.count()).toBe(before);
  });

  it('gives the same weights hash for the same seed', async () => {
    const diabetes = await createCsvDataset('diabetes', 'sklearn/diabetes.csv');
    const config = 'architecture: LINEAR, epochs: 20, seed: 5';
    const first = await train(diabetes.id, config);
    const second = await train(diabetes.id, config);
    const other = await train(diabetes.id, 'architecture: LINEAR, epochs: 20, seed: 6');
    expect(first.status).toBe('READY');
    expect(second.weightsHash).toBe(first.weightsHash);
    expect(other.weightsHash).not.toBe(first.weightsHash);
  });

  it('exports a model that plain tfjs loads over HTTP and predicts like predict', async () => {
    const wine = await createCsvDataset('wine', 'sklearn/wine.csv');
    const model = await train(wine.id, 'architecture: MLP, hiddenUnits: [16], epochs: 20, seed: 1');
    expect(model.status).toBe('READY');

    const csv = (await readFile(sharedDataset('sklearn/wine.csv'), 'utf8')).trim().split('\n');
    const header = csv[0].split(',');
    const rows = csv.slice(1, 11).map((line) => Object.fromEntries(line.split(',').map((value, j) => [header[j], Number(value)])));
    const predicted = await app.graphql(`query($id: ID!, $rows: [PredictionRowInput!]!) { predict(modelId: $id, rows: $rows) { label probabilities } }`, {
      id: model.id,
      rows: rows.map((values) => ({ values })),
    });
    expect(predicted.errors).toBeUndefined();

    const loaded = await tf.loadLayersModel(tf.io.http(`${app.url}/models/${model.id}/model.json`, { requestInit: { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } } }));
    const input = tf.tensor2d(rows.map((row) => model.inputFeatures.map((name: string) => row[name])));
    const output = (loaded.predict(input) as tf.Tensor).arraySync() as number[][];
    output.forEach((probabilities, r) => {
      probabilities.forEach((p, k) => expect(Math.abs(p - predicted.data.predict[r].probabilities[k])).toBeLessThan(1e-5));
    });
    const metadata = loaded.getUserDefinedMetadata() as Record<string, unknown>;
    expect(metadata.inputFeatures).toEqual(model.inputFeatures);
    expect(metadata.classLabels).toEqual(['0', '1', '2']);
  });

  it('computes and ranks an importance method on request', async () => {
    const friedman = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 2000, noise: 1, seed: 4 }) { id } }');
    // A smooth activation keeps the integrand of integrated gradients continuous, so 50 steps
    // reach the 1% completeness tolerance. With ReLU, the kinks on the path need more steps.
    const model = await train(friedman.data.createSyntheticDataset.id, 'architecture: MLP, hiddenUnits: [32, 16], activation: TANH, epochs: 40, seed: 2');
    const queued = await app.graphql(`mutation($m: ID!) { computeImportance(input: { modelId: $m, method: INTEGRATED_GRADIENTS, samples: 50 }) { id status } }`, { m: model.id });
    expect(queued.errors).toBeUndefined();
    expect(queued.data.computeImportance.status).toBe('QUEUED');

    const importance = await waitFor(async () => {
      const polled = await app.graphql(`query($id: ID!) { model(id: $id) { importance(method: INTEGRATED_GRADIENTS) { status sampleCount checks { name passed value tolerance detail } scores { name rank value isGroup } } } }`, { id: model.id });
      return polled.data.model.importance ?? undefined;
    });
    expect(importance.sampleCount).toBe(50);
    expect(importance.checks).toEqual(importance.checks.map((check: any) => ({ ...check, passed: true })));
    const topFive = importance.scores.filter((s: any) => !s.isGroup && s.rank <= 5).map((s: any) => s.name).sort();
    expect(topFive).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);

    const measures = await app.graphql(`query($id: ID!) { model(id: $id) {
      permutation: interpretability { method activeFeatures effectiveFeatures giniSparseness }
      gradients: interpretability(method: INTEGRATED_GRADIENTS) { method activeFeatures effectiveFeatures giniSparseness }
      shap: interpretability(method: KERNEL_SHAP) { method } } }`, { id: model.id });
    expect(measures.errors).toBeUndefined();
    const { permutation, gradients, shap } = measures.data.model;
    expect(permutation.method).toBe('PERMUTATION');
    expect(gradients.method).toBe('INTEGRATED_GRADIENTS');
    expect(gradients.activeFeatures).toBe(10);
    expect(gradients.effectiveFeatures).toBeGreaterThan(1);
    expect(gradients.effectiveFeatures).toBeLessThan(10);
    expect(gradients.giniSparseness).not.toBe(permutation.giniSparseness);
    expect(shap).toBeNull();
  });
});
