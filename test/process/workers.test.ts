import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, waitFor, type TestApp } from '../support/app.js';
import { startProcess, type ServiceProcess } from '../support/processes.js';

const WORKER_ENV = { JOB_POLL_SECONDS: '0.5', JOB_MAINTENANCE_SECONDS: '1', JOB_LEASE_SECONDS: '4', JOB_RETRY_LIMIT: '2' };

let app: TestApp;
let databaseUrl: string;
const workers: ServiceProcess[] = [];

function startWorker(): ServiceProcess {
  const worker = startProcess('worker', { DATABASE_URL: databaseUrl, ...WORKER_ENV });
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'false', ...WORKER_ENV });
  databaseUrl = app.database.url;
});

afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await app?.stop();
});

describe('separate worker processes', () => {
  it('share 20 queued trainings, each run exactly once', async () => {
    const dataset = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 300, noise: 1, seed: 2 }) { id } }');
    const datasetId = dataset.data.createSyntheticDataset.id;

    const [first, second] = [startWorker(), startWorker()];
    await first.waitForLog((line) => line.msg === 'worker started');
    await second.waitForLog((line) => line.msg === 'worker started');

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await app.graphql(`mutation($d: ID!, $s: Int!) { trainModel(input: { datasetId: $d, name: "m", architecture: MLP, hiddenUnits: [16], epochs: 60, seed: $s }) { id } }`, { d: datasetId, s: i });
      ids.push(response.data.trainModel.id);
    }

    await waitFor(async () => ((await app.db.model.count({ where: { status: 'READY' } })) === 20 ? true : undefined), 180_000);

    const finished = (worker: ServiceProcess) => worker.logs.filter((line) => line.msg === 'job finished').map((line) => line.entityId as string);
    const byFirst = finished(first);
    const bySecond = finished(second);
    expect(byFirst.length).toBeGreaterThan(0);
    expect(bySecond.length).toBeGreaterThan(0);
    expect([...byFirst, ...bySecond].sort()).toEqual([...ids].sort());

    first.child.kill('SIGTERM');
    second.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await second.exited).toBe(0);
  });

  it('retries a run whose worker was killed and stores one result', async () => {
    const dataset = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 3000, noise: 1, seed: 3 }) { id } }');
    const trained = await app.graphql(`mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "source", architecture: MLP, hiddenUnits: [64, 64], epochs: 3, seed: 1 }) { id } }`, { d: dataset.data.createSyntheticDataset.id });
    const modelId = trained.data.trainModel.id;

    const victim = startWorker();
    await waitFor(async () => ((await app.db.model.findUnique({ where: { id: modelId } }))?.status === 'READY' ? true : undefined), 120_000);

    const queued = await app.graphql(`mutation($m: ID!) { compressModel(input: { modelId: $m, method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.8, schedule: POLYNOMIAL, steps: 4, fineTuneEpochs: 200 } }) { id } }`, { m: modelId });
    const runId = queued.data.compressModel.id;
    await waitFor(async () => ((await app.db.compressionRun.findUnique({ where: { id: runId } }))?.status === 'RUNNING' ? true : undefined), 60_000, 100);
    victim.child.kill('SIGKILL');
    await victim.exited;

    const rescuer = startWorker();
    const run = await waitFor(async () => {
      const row = await app.db.compressionRun.findUnique({ where: { id: runId } });
      return row && ['SUCCEEDED', 'FAILED'].includes(row.status) ? row : undefined;
    }, 240_000);

    expect(run.error).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.attempts).toBeGreaterThanOrEqual(2);
    expect(await app.db.model.count({ where: { producedByRunId: runId } })).toBe(1);
    rescuer.child.kill('SIGTERM');
    await rescuer.exited;
  });
});
