import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { listenToStatements } from '../../src/db/client.js';
import { startTestApp, waitFor, type TestApp } from '../support/app.js';
import { sharedDataset } from '../support/paths.js';

/** SQL statements sent by Prisma clients created after this module loaded. */
const statements: string[] = [];
listenToStatements((sql) => statements.push(sql));

/** The ADMIN key that the test apps accept. */
export const TEST_API_KEY = 'provenance-tests-admin-key';

/** Starts the service with an ADMIN key and sends every GraphQL request with it. */
export async function startAuthorizedApp(): Promise<TestApp> {
  const app = await startTestApp({ ADMIN_API_KEY: TEST_API_KEY });
  app.graphql = async (text, variables) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_KEY}` },
      body: JSON.stringify({ query: text, variables }),
    });
    return response.json() as Promise<any>;
  };
  return app;
}

/**
 * Runs `action` and returns the SQL statements sent meanwhile, except the
 * API key lookup of each request; nothing else may query the database then.
 */
export async function statementsDuring(action: () => Promise<unknown>): Promise<string[]> {
  const start = statements.length;
  await action();
  return statements.slice(start).filter((sql) => !sql.includes('"ApiKey"'));
}

/** Sends a GraphQL request and fails the test with the errors when there are any. */
export async function query<T = any>(app: TestApp, text: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await app.graphql<T>(text, variables);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!;
}

export async function createFriedman(app: TestApp, name: string, rows = 500, seed = 7): Promise<{ id: string; contentHash: string }> {
  const data = await query(app, `mutation($input: CreateSyntheticDatasetInput!) { createSyntheticDataset(input: $input) { id contentHash } }`, {
    input: { kind: 'FRIEDMAN1', rows, noise: 1, seed, name },
  });
  return data.createSyntheticDataset;
}

export async function createBreastCancer(app: TestApp, name: string): Promise<{ id: string; contentHash: string }> {
  const csv = await readFile(sharedDataset('sklearn/breast_cancer.csv'), 'utf8');
  const data = await query(app, `mutation($csv: String!, $name: String!) { createDataset(input: { name: $name, csv: $csv, targetColumn: "target" }) { id contentHash } }`, {
    csv,
    name,
  });
  return data.createDataset;
}

/** Trains a small MLP ([8, 8], 5 epochs) and waits until it is READY. */
export async function trainSmallModel(app: TestApp, datasetId: string, name: string): Promise<string> {
  const data = await query(app, `mutation($d: ID!, $name: String!) { trainModel(input: { datasetId: $d, name: $name, architecture: MLP, hiddenUnits: [8, 8], epochs: 5, seed: 3 }) { id } }`, {
    d: datasetId,
    name,
  });
  const id = data.trainModel.id as string;
  const model = await waitFor(async () => {
    const response = await app.graphql(`query($id: ID!) { model(id: $id) { status error } }`, { id });
    const current = response.data?.model;
    return current && current.status !== 'TRAINING' ? current : undefined;
  });
  expect(model.error).toBeNull();
  expect(model.status).toBe('READY');
  return id;
}

/** Queues a compression and returns the run id. */
export async function queueCompression(app: TestApp, modelId: string, method: string, options: Record<string, unknown>): Promise<string> {
  const field = { WEIGHT_PRUNING: 'weightPruning', FEATURE_SELECTION: 'featureSelection', NEURON_PRUNING: 'neuronPruning' }[method]!;
  const data = await query(app, `mutation($input: CompressModelInput!) { compressModel(input: $input) { id status } }`, {
    input: { modelId, method, [field]: options },
  });
  return data.compressModel.id;
}

/** Waits until a run ends and returns its id, status and result model id. */
export async function waitForRun(app: TestApp, runId: string): Promise<{ id: string; status: string; error: string | null; resultModel: { id: string } | null }> {
  return waitFor(async () => {
    const response = await app.graphql(`query($id: ID!) { compressionRun(id: $id) { id status error resultModel { id } } }`, { id: runId });
    const run = response.data?.compressionRun;
    return run && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status) ? run : undefined;
  });
}

/** Compresses a model, waits for SUCCEEDED and returns the run id and the result model id. */
export async function compressModel(app: TestApp, modelId: string, method: string, options: Record<string, unknown>): Promise<{ runId: string; resultId: string }> {
  const run = await waitForRun(app, await queueCompression(app, modelId, method, options));
  expect(run.error).toBeNull();
  expect(run.status).toBe('SUCCEEDED');
  return { runId: run.id, resultId: run.resultModel!.id };
}
