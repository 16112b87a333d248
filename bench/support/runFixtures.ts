import { randomUUID } from 'node:crypto';
import type { Database, Prisma } from '../../src/db/client.js';
import type { CompressionRun, Model } from '../../src/db/generated/client.js';
import { postGraphQL, requireData } from './apiKey.js';

/** A compression run produced by a real job, whose rows the benchmark copies. */
export interface TemplateRun {
  run: CompressionRun;
  resultModel: Model;
}

const CREATE_DATASET = `mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 400, noise: 1, seed: 3, name: "graphql benchmark" }) { id } }`;
const TRAIN = `mutation Train($datasetId: ID!) {
  trainModel(input: { datasetId: $datasetId, name: "graphql benchmark source", architecture: MLP, hiddenUnits: [16], epochs: 3, seed: 5 }) { id }
}`;
const MODEL_STATUS = `query Model($id: ID!) { model(id: $id) { status error } }`;
const COMPRESS = `mutation Compress($modelId: ID!) {
  compressModel(input: { modelId: $modelId, method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5, fineTuneEpochs: 0 } }) { id }
}`;
const RUN_STATUS = `query Run($id: ID!) { compressionRun(id: $id) { status error } }`;

/**
 * Creates one dataset, trains one small model and compresses it through the
 * API with the in-process worker, so that the copied run rows carry a real
 * summary and result model.
 */
export async function createTemplateRun(url: string, apiKey: string, db: Database): Promise<TemplateRun> {
  const dataset = requireData(await postGraphQL(url, apiKey, CREATE_DATASET), 'createSyntheticDataset').createSyntheticDataset;
  const model = requireData(await postGraphQL(url, apiKey, TRAIN, { datasetId: dataset.id }), 'trainModel').trainModel;
  await waitForStatus(url, apiKey, MODEL_STATUS, model.id, (data) => data.model, 'READY');

  const run = requireData(await postGraphQL(url, apiKey, COMPRESS, { modelId: model.id }), 'compressModel').compressModel;
  await waitForStatus(url, apiKey, RUN_STATUS, run.id, (data) => data.compressionRun, 'SUCCEEDED');

  return {
    run: await db.compressionRun.findUniqueOrThrow({ where: { id: run.id } }),
    resultModel: await db.model.findFirstOrThrow({ where: { producedByRunId: run.id } }),
  };
}

/**
 * Inserts `count` copies of the template run, each with its own result model,
 * through Prisma (no jobs), one queuedAt millisecond apart.
 */
export async function insertRunCopies(db: Database, template: TemplateRun, count: number): Promise<void> {
  const { id: _runId, summary, config, ...run } = template.run;
  const { id: _modelId, createdAt: _createdAt, updatedAt: _updatedAt, producedByRunId: _producedBy, metrics, progress, interpretability, trainingConfig, ...model } = template.resultModel;
  const base = Date.now();
  const runs: Prisma.CompressionRunCreateManyInput[] = [];
  const models: Prisma.ModelCreateManyInput[] = [];

  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    runs.push({
      ...run,
      id,
      idempotencyKey: null,
      queuedAt: new Date(base + i),
      config: config as Prisma.InputJsonValue,
      ...(summary === null ? {} : { summary: summary as Prisma.InputJsonValue }),
    });
    models.push({
      ...model,
      id: randomUUID(),
      producedByRunId: id,
      trainingConfig: trainingConfig as Prisma.InputJsonValue,
      ...(metrics === null ? {} : { metrics: metrics as Prisma.InputJsonValue }),
      ...(progress === null ? {} : { progress: progress as Prisma.InputJsonValue }),
      ...(interpretability === null ? {} : { interpretability: interpretability as Prisma.InputJsonValue }),
    });
  }

  await db.compressionRun.createMany({ data: runs });
  await db.model.createMany({ data: models });
}

async function waitForStatus(url: string, apiKey: string, query: string, id: string, pick: (data: any) => { status: string; error: string | null }, wanted: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const entity = pick(requireData(await postGraphQL(url, apiKey, query, { id }), `status of ${id}`));
    if (entity.status === wanted) return;
    if (entity.status === 'FAILED' || entity.status === 'CANCELLED') throw new Error(`${id} ended ${entity.status}: ${entity.error}`);
    if (Date.now() > deadline) throw new Error(`${id} did not reach ${wanted} within 300 s; it is ${entity.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
