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
  });
});
