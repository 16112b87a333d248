import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded.js';
import { startTestApp, waitFor, type TestApp } from '../support/app.js';

// Short leases and maintenance, so that a job whose worker lost its database is delivered again within seconds.
const QUEUE_ENV = { JOB_POLL_SECONDS: '0.5', JOB_MAINTENANCE_SECONDS: '1', JOB_LEASE_SECONDS: '5', JOB_RETRY_LIMIT: '3' };

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** Connections of the API's Prisma pool (the default of createPrismaClient). */
const POOL_SIZE = 10;

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function startApp(env: Record<string, string>): Promise<TestApp> {
  const app = await startTestApp({ ...QUEUE_ENV, RATE_LIMIT_PER_MINUTE: '100000', ...env });
  cleanups.push(() => app.stop());
  return app;
}

async function createDataset(app: TestApp, rows: number): Promise<string> {
  const response = await app.graphql(`mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: ${rows}, noise: 1, seed: 5 }) { id } }`);
  expect(response.errors).toBeUndefined();
  return response.data.createSyntheticDataset.id;
}

async function trainModel(app: TestApp, datasetId: string, options: string): Promise<string> {
  const response = await app.graphql(`mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "source", architecture: MLP, ${options} }) { id } }`, { d: datasetId });
  expect(response.errors).toBeUndefined();
  return response.data.trainModel.id;
}

async function waitForModel(app: TestApp, id: string, timeoutMs = 60_000) {
  return waitFor(async () => {
    const model = await app.db.model.findUnique({ where: { id } });
    return model && model.status !== 'TRAINING' ? model : undefined;
  }, timeoutMs);
}

async function queueCompression(app: TestApp, modelId: string, method: string): Promise<string> {
  const response = await app.graphql(`mutation($m: ID!) { compressModel(input: { modelId: $m, ${method} }) { id status } }`, { m: modelId });
  expect(response.errors).toBeUndefined();
  expect(response.data.compressModel.status).toBe('QUEUED');
  return response.data.compressModel.id;
}

/** Fetches /healthz with a time limit, so that a server waiting for a free pool connection fails the check instead of hanging it. */
async function healthStatus(app: TestApp): Promise<{ status: number }> {
  try {
    return await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5000) });
  } catch {
    return { status: 0 };
  }
}

describe('faults', () => {
  it('runs queued work after the API restarts', async () => {
    const first = await startApp({});
    const databaseUrl = first.database.url;
    const datasetId = await createDataset(first, 300);
    const sourceId = await trainModel(first, datasetId, 'hiddenUnits: [16], epochs: 10, seed: 1');
    expect((await waitForModel(first, sourceId)).status).toBe('READY');
    await first.stop();

    const withoutWorker = await startApp({ DATABASE_URL: databaseUrl, RUN_WORKER: 'false' });
    const runIds = [
      await queueCompression(withoutWorker, sourceId, 'method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5, fineTuneEpochs: 2 }'),
      await queueCompression(withoutWorker, sourceId, 'method: FEATURE_SELECTION, featureSelection: { keep: 5, fineTuneEpochs: 2 }'),
      await queueCompression(withoutWorker, sourceId, 'method: NEURON_PRUNING, neuronPruning: { fraction: 0.5, fineTuneEpochs: 2 }'),
    ];
    const trainingId = await trainModel(withoutWorker, datasetId, 'hiddenUnits: [8], epochs: 5, seed: 2');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stillQueued = await withoutWorker.db.compressionRun.findMany({ where: { id: { in: runIds } } });
    expect(stillQueued.map((run) => run.status)).toEqual(['QUEUED', 'QUEUED', 'QUEUED']);
    await withoutWorker.stop();

    const second = await startApp({ DATABASE_URL: databaseUrl });
    const runs = await waitFor(async () => {
      const rows = await second.db.compressionRun.findMany({ where: { id: { in: runIds } } });
      return rows.every((run) => TERMINAL.includes(run.status)) ? rows : undefined;
    }, 90_000);
    for (const run of runs) {
      expect(run.error, run.id).toBeNull();
      expect(run.status).toBe('SUCCEEDED');
      expect(run.attempts).toBe(1);
      expect(await second.db.model.count({ where: { producedByRunId: run.id } })).toBe(1);
    }
    expect((await waitForModel(second, trainingId)).status).toBe('READY');
  });

  it('runs a job that outlasts its lease once', async () => {
    const app = await startApp({ JOB_LEASE_SECONDS: '3' });
    const datasetId = await createDataset(app, 3000);
    // Without early stopping, fine-tuning runs every epoch, so the run lasts well over the lease.
    const sourceId = await trainModel(app, datasetId, 'hiddenUnits: [64, 64], epochs: 3, seed: 1, earlyStoppingPatience: 0');
    expect((await waitForModel(app, sourceId)).status).toBe('READY');

    const runId = await queueCompression(app, sourceId, 'method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.8, schedule: POLYNOMIAL, steps: 4, fineTuneEpochs: 100 }');
    const run = await waitFor(async () => {
      const row = await app.db.compressionRun.findUnique({ where: { id: runId } });
      return row && TERMINAL.includes(row.status) ? row : undefined;
    }, 90_000);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.durationMs).toBeGreaterThan(2 * 3000);
    expect(run.attempts).toBe(1);
  });

  it('recovers from a PostgreSQL restart during a compression run', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cx-fault-pg-'));
    let postgres: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir });
    cleanups.push(async () => {
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    const app = await startApp({ DATABASE_URL: postgres.url });
    const datasetId = await createDataset(app, 3000);
    const sourceId = await trainModel(app, datasetId, 'hiddenUnits: [64, 64], epochs: 3, seed: 1');
    expect((await waitForModel(app, sourceId, 90_000)).status).toBe('READY');

    const runId = await queueCompression(app, sourceId, 'method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.8, schedule: POLYNOMIAL, steps: 4, fineTuneEpochs: 100 }');
    await waitFor(async () => {
      const run = await app.db.compressionRun.findUnique({ where: { id: runId } });
      return run?.status === 'RUNNING' && run.progress > 0 ? true : undefined;
    }, 60_000, 100);

    // As many open transactions as the pool has connections, so a connection kept by a failed transaction shows as a hang.
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const transactions = Array.from({ length: POOL_SIZE }, () =>
      app.db
        .$transaction(async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          await gate;
          await tx.$queryRaw`SELECT 1`;
        }, { maxWait: 20_000, timeout: 60_000 })
        .then(() => 'committed', () => 'failed'),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    await postgres.stop();
    openGate();
    expect(await Promise.all(transactions)).toEqual(Array(POOL_SIZE).fill('failed'));
    expect((await healthStatus(app)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    postgres = await startEmbeddedPostgres({ dataDir, port: postgres.port });

    const healthy = await waitFor(async () => ((await healthStatus(app)).status === 200 ? true : undefined), 30_000);
    expect(healthy).toBe(true);
    const query = await app.graphql('query($id: ID!) { model(id: $id) { status } }', { id: sourceId });
    expect(query.errors).toBeUndefined();
    expect(query.data.model.status).toBe('READY');

    const run = await waitFor(async () => {
      const row = await app.db.compressionRun.findUnique({ where: { id: runId } });
      return row && TERMINAL.includes(row.status) ? row : undefined;
    }, 90_000);
    expect(['SUCCEEDED', 'FAILED']).toContain(run.status);
    if (run.status === 'FAILED') expect(run.error).toMatch(/\w+/);
    expect(await app.db.model.count({ where: { producedByRunId: runId } })).toBe(run.status === 'SUCCEEDED' ? 1 : 0);

    const created = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 50, seed: 9 }) { rowCount } }');
    expect(created.errors).toBeUndefined();
    expect(created.data.createSyntheticDataset.rowCount).toBe(50);
    const nextRun = await queueCompression(app, sourceId, 'method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5, fineTuneEpochs: 0 }');
    const finished = await waitFor(async () => {
      const row = await app.db.compressionRun.findUnique({ where: { id: nextRun } });
      return row && TERMINAL.includes(row.status) ? row : undefined;
    }, 60_000);
    expect(finished.status).toBe('SUCCEEDED');

    // A connection kept by a failed transaction would make the shutdown wait forever.
    const stopped = await Promise.race([app.stop().then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20_000))]);
    expect(stopped).toBe(true);
  });
});
