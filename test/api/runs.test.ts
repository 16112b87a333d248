import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, waitFor, type TestApp } from '../support/app.js';

let app: TestApp;
let modelId: string;

beforeAll(async () => {
  app = await startTestApp();
  const dataset = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 400, noise: 1, seed: 1 }) { id } }');
  const trained = await app.graphql('mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "source", architecture: MLP, hiddenUnits: [8, 8], epochs: 5 }) { id } }', { d: dataset.data.createSyntheticDataset.id });
  modelId = trained.data.trainModel.id;
  await waitFor(async () => ((await app.db.model.findUnique({ where: { id: modelId } }))?.status === 'READY' ? true : undefined));
  // Later runs stay QUEUED, so that cancellation and idempotency see them before a worker does.
  await app.queue.stop();
});

afterAll(async () => {
  await app?.stop();
});

const COMPRESS = `mutation($input: CompressModelInput!) { compressModel(input: $input) { id status idempotencyKey config } }`;

describe('compression runs', () => {
  it('returns the same run for a repeated idempotency key', async () => {
    const input = { modelId, method: 'WEIGHT_PRUNING', weightPruning: { sparsity: 0.5 }, idempotencyKey: 'nightly-1' };
    const first = await app.graphql(COMPRESS, { input });
    const second = await app.graphql(COMPRESS, { input });
    expect(first.errors).toBeUndefined();
    expect(second.data.compressModel.id).toBe(first.data.compressModel.id);
    expect(await app.db.compressionRun.count({ where: { idempotencyKey: 'nightly-1' } })).toBe(1);
  });

  it('rejects a reused idempotency key with another input', async () => {
    const response = await app.graphql(COMPRESS, { input: { modelId, method: 'WEIGHT_PRUNING', weightPruning: { sparsity: 0.7 }, idempotencyKey: 'nightly-1' } });
    expect(response.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('records the resolved configuration with defaults', async () => {
    const response = await app.graphql(COMPRESS, { input: { modelId, method: 'NEURON_PRUNING', neuronPruning: { fraction: 0.5 } } });
    expect(response.errors).toBeUndefined();
    const config = response.data.compressModel.config;
    expect(config.options.fraction).toBe(0.5);
    expect(config.options.criterion).toBe('WEIGHT_L1');
    expect(config.comparisonMethod).toBe('PERMUTATION');
    expect(config.k).toBe(5);
  });

  it('cancels a queued run once', async () => {
    const queued = await app.graphql(COMPRESS, { input: { modelId, method: 'WEIGHT_PRUNING', weightPruning: { sparsity: 0.3 } } });
    const id = queued.data.compressModel.id;
    const cancelled = await app.graphql('mutation($id: ID!) { cancelCompressionRun(id: $id) { status finishedAt } }', { id });
    expect(cancelled.data.cancelCompressionRun.status).toBe('CANCELLED');
    const again = await app.graphql('mutation($id: ID!) { cancelCompressionRun(id: $id) { status } }', { id });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['sparsity of 1', { method: 'WEIGHT_PRUNING', weightPruning: { sparsity: 1 } }, 'sparsity'],
    ['negative sparsity', { method: 'WEIGHT_PRUNING', weightPruning: { sparsity: -0.1 } }, 'sparsity'],
    ['k above the feature count', { method: 'FEATURE_SELECTION', featureSelection: { keep: 11 } }, '11'],
    ['options of another method', { method: 'WEIGHT_PRUNING', featureSelection: { keep: 2 } }, 'featureSelection'],
    ['a neuron method for comparison', { method: 'WEIGHT_PRUNING', weightPruning: { sparsity: 0.5 }, comparisonMethod: 'TAYLOR' }, 'TAYLOR'],
    ['a neuron fraction of 0', { method: 'NEURON_PRUNING', neuronPruning: { fraction: 0 } }, 'fraction'],
  ];
  for (const [name, input, mention] of invalid) {
    it(`rejects ${name} before queueing`, async () => {
      const before = await app.db.compressionRun.count();
      const response = await app.graphql(COMPRESS, { input: { modelId, ...input } });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toContain(mention);
      expect(await app.db.compressionRun.count()).toBe(before);
    });
  }

  it('rejects compressing a model that is not READY', async () => {
    const dataset = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 100, noise: 1, seed: 2 }) { id } }');
    const training = await app.graphql('mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "pending", architecture: LINEAR }) { id } }', { d: dataset.data.createSyntheticDataset.id });
    const response = await app.graphql(COMPRESS, { input: { modelId: training.data.trainModel.id, method: 'WEIGHT_PRUNING', weightPruning: { sparsity: 0.5 } } });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('TRAINING');
  });
});
