import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { createFriedman, query, queueCompression, startAuthorizedApp, TEST_API_KEY, trainSmallModel } from './provenanceSupport.js';

let app: TestApp;
let client: Client;
let modelId: string;

const UPDATES = `subscription($id: ID!) { compressionRunUpdated(id: $id) { id status progress phase resultModel { id } } }`;

interface RunUpdate {
  id: string;
  status: string;
  progress: number;
  phase: string | null;
  resultModel: { id: string } | null;
}

/** Subscribes to a run and collects its updates until the server completes the stream. */
function collectUpdates(id: string): Promise<{ updates: RunUpdate[]; errors: unknown[] }> {
  const updates: RunUpdate[] = [];
  const errors: unknown[] = [];
  return new Promise((resolve) => {
    client.subscribe<{ compressionRunUpdated: RunUpdate }>(
      { query: UPDATES, variables: { id } },
      {
        next: (result) => {
          if (result.errors) errors.push(...result.errors);
          if (result.data) updates.push(result.data.compressionRunUpdated);
        },
        error: (error) => {
          errors.push(error);
          resolve({ updates, errors });
        },
        complete: () => resolve({ updates, errors }),
      },
    );
  });
}

beforeAll(async () => {
  app = await startAuthorizedApp();
  const dataset = await createFriedman(app, 'friedman subscription', 500);
  modelId = await trainSmallModel(app, dataset.id, 'watched');
  client = createClient({
    url: `ws://127.0.0.1:${app.port}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${TEST_API_KEY}` },
  });
});

afterAll(async () => {
  await client?.dispose();
  await app?.stop();
});

describe('compressionRunUpdated', () => {
  it('streams a run from QUEUED to SUCCEEDED and completes', async () => {
    const runId = await queueCompression(app, modelId, 'FEATURE_SELECTION', { keep: 5, step: 1, fineTuneEpochs: 20 });
    const { updates, errors } = await collectUpdates(runId);

    expect(errors).toEqual([]);
    expect(['QUEUED', 'RUNNING']).toContain(updates[0].status);
    expect(updates.at(-1)!.status).toBe('SUCCEEDED');
    expect(updates.at(-1)!.progress).toBe(1);
    expect(updates.at(-1)!.resultModel?.id).toEqual(expect.any(String));
    expect(updates.slice(0, -1).every((update) => update.status === 'QUEUED' || update.status === 'RUNNING')).toBe(true);
    for (let i = 1; i < updates.length; i++) {
      expect(updates[i].progress, `update ${i}`).toBeGreaterThanOrEqual(updates[i - 1].progress);
    }
    expect(updates.every((update) => update.id === runId)).toBe(true);
  });

  it('sends one update for a finished run', async () => {
    const finished = await app.db.compressionRun.findFirstOrThrow({ where: { status: 'SUCCEEDED' } });
    const { updates, errors } = await collectUpdates(finished.id);

    expect(errors).toEqual([]);
    expect(updates.map((update) => update.status)).toEqual(['SUCCEEDED']);
  });

  it('ends with CANCELLED when the run is cancelled', async () => {
    // A run inserted without a job stays QUEUED until the cancellation.
    const model = await app.db.model.findUniqueOrThrow({ where: { id: modelId } });
    const run = await app.db.compressionRun.create({
      data: { method: 'WEIGHT_PRUNING', config: {}, status: 'QUEUED', sourceModelId: modelId, datasetId: model.datasetId, inputHash: 'test', seed: 1 },
    });
    const runId = run.id;
    const collecting = collectUpdates(runId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await query(app, `mutation($id: ID!) { cancelCompressionRun(id: $id) { status } }`, { id: runId });
    const { updates, errors } = await collecting;

    expect(errors).toEqual([]);
    expect(updates.map((update) => update.status)).toEqual(['QUEUED', 'CANCELLED']);
  });

  it('fails for an unknown run', async () => {
    const { updates, errors } = await collectUpdates(randomUUID());

    expect(updates).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('NOT_FOUND');
  });
});
