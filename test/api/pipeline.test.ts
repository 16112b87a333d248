import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, waitFor, type TestApp } from '../support/app.js';
import { sharedDataset } from '../support/paths.js';

let app: TestApp;
let datasetId: string;
let modelId: string;

beforeAll(async () => {
  app = await startTestApp();
  const csv = await readFile(sharedDataset('sklearn/breast_cancer.csv'), 'utf8');
  const created = await app.graphql(`mutation($csv: String!) { createDataset(input: { name: "bc", csv: $csv, targetColumn: "target" }) { id } }`, { csv });
  datasetId = created.data.createDataset.id;
});

afterAll(async () => {
  await app?.stop();
});

async function waitForModel(id: string) {
  return waitFor(async () => {
    const response = await app.graphql(`query($id: ID!) { model(id: $id) { id status error parameterCount nonZeroParameterCount sizeBytes weightsHash backend
      metrics { split accuracy r2 } interpretability { method activeFeatures effectiveFeatures giniSparseness } progress { epoch epochs loss } } }`, { id });
    const model = response.data?.model;
    return model && model.status !== 'TRAINING' ? model : undefined;
  });
}

async function waitForRun(id: string) {
  return waitFor(async () => {
    const response = await app.graphql(`query($id: ID!) { compressionRun(id: $id) { id status error progress phase attempts
      resultModel { id inputFeatures hiddenUnits parameterCount nonZeroParameterCount sizeBytes }
      summary { accuracyDrop parametersBefore parametersAfter nonZeroBefore nonZeroAfter sizeBytesBefore sizeBytesAfter sparsity fidelity removedFeatures
        removedNeurons { layer index name } explanation { spearman kendall featureAgreement rankAgreement signAgreement k features { name base other } }
        metricsBefore { accuracy } metricsAfter { accuracy } exemplars { row before after change } } } }`, { id });
    const run = response.data?.compressionRun;
    return run && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status) ? run : undefined;
  }, 240_000);
}

describe('training input limits', () => {
  it('rejects more hidden layers than the maximum', async () => {
    const hiddenUnits = Array.from({ length: 10_000 }, () => 1);
    const response = await app.graphql(`mutation($d: ID!, $h: [Int!]) { trainModel(input: { datasetId: $d, name: "deep", architecture: MLP, hiddenUnits: $h }) { id } }`, { d: datasetId, h: hiddenUnits });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('10000 layers');
  });

  it('rejects an unbounded number of epochs', async () => {
    const response = await app.graphql(`mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "long", architecture: LOGISTIC, epochs: 2147483647 }) { id } }`, { d: datasetId });
    expect(response.errors?.[0].message).toContain('epochs=2147483647');
  });

  it('rejects a CSV without feature columns', async () => {
    const csv = `y\n${Array.from({ length: 20 }, (_, i) => i).join('\n')}\n`;
    const response = await app.graphql(`mutation($csv: String!) { createDataset(input: { name: "target only", csv: $csv, targetColumn: "y" }) { id } }`, { csv });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].extensions?.field).toBe('csv');
    expect(response.errors?.[0].message).toContain('no feature column');
  });
});

describe('train and compress pipeline', () => {
  it('trains an MLP to READY', async () => {
    const response = await app.graphql(`mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "mlp", architecture: MLP, hiddenUnits: [16, 8], epochs: 30, seed: 1 }) { id status } }`, { d: datasetId });
    expect(response.errors).toBeUndefined();
    expect(response.data.trainModel.status).toBe('TRAINING');
    modelId = response.data.trainModel.id;

    const model = await waitForModel(modelId);
    expect(model.error).toBeNull();
    expect(model.status).toBe('READY');
    expect(model.metrics.find((m: any) => m.split === 'TEST').accuracy).toBeGreaterThan(0.9);
    expect(model.interpretability.method).toBe('PERMUTATION');
    expect(model.parameterCount).toBe(30 * 16 + 16 + 16 * 8 + 8 + 8 + 1);
  });

  it('prunes weights to 0.9 sparsity', async () => {
    const response = await app.graphql(`mutation($m: ID!) { compressModel(input: { modelId: $m, method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.9, fineTuneEpochs: 3 } }) { id status } }`, { m: modelId });
    expect(response.errors).toBeUndefined();
    const run = await waitForRun(response.data.compressModel.id);
    expect(run.error).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.summary.sizeBytesAfter).toBeLessThan(run.summary.sizeBytesBefore / 2);
  });

  it('prunes neurons by half', async () => {
    const response = await app.graphql(`mutation($m: ID!) { compressModel(input: { modelId: $m, method: NEURON_PRUNING, neuronPruning: { fraction: 0.5, fineTuneEpochs: 3 } }) { id status } }`, { m: modelId });
    expect(response.errors).toBeUndefined();
    const run = await waitForRun(response.data.compressModel.id);
    expect(run.error).toBeNull();
    expect(run.resultModel.hiddenUnits).toEqual([8, 4]);
  });

  it('selects five features', async () => {
    const response = await app.graphql(`mutation($m: ID!) { compressModel(input: { modelId: $m, method: FEATURE_SELECTION, featureSelection: { keep: 5, fineTuneEpochs: 10 } }) { id status } }`, { m: modelId });
    expect(response.errors).toBeUndefined();
    const run = await waitForRun(response.data.compressModel.id);
    expect(run.error).toBeNull();
    expect(run.resultModel.inputFeatures).toHaveLength(5);
    expect(run.summary.removedFeatures).toHaveLength(25);

    // Rows for the feature-selected model need only the columns it kept.
    const kept = run.resultModel.inputFeatures as string[];
    const values = Object.fromEntries(kept.map((name) => [name, 1]));
    const predicted = await app.graphql(`query($id: ID!, $rows: [PredictionRowInput!]!) { predict(modelId: $id, rows: $rows) { label } }`, { id: run.resultModel.id, rows: [{ values }] });
    expect(predicted.errors).toBeUndefined();
    expect(['0', '1']).toContain(predicted.data.predict[0].label);
  });
});
