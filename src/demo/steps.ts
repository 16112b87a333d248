import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLClient } from './client.js';
import { COMPRESS_MODEL, CREATE_DATASET, MODEL_STATUS, RUN_STATUS, TRAIN_MODEL } from './operations.js';
import { ProgressBar } from './progress.js';

const POLL_INTERVAL_MS = 300;

/** k of the top-k explanation agreement of each compression run, for models with at least 10 features. */
const TOP_K = 5;

/** Maximum wait for one training or compression run before the demo stops with an error. */
const WAIT_TIMEOUT_MS = 15 * 60 * 1000;

export interface SplitMetrics {
  split: string;
  accuracy: number | null;
  r2: number | null;
}

export interface DatasetView {
  id: string;
  name: string;
  task: string;
  targetColumn: string;
  featureNames: string[];
  classLabels: string[];
  rowCount: number;
  featureCount: number;
  splitSizes: { train: number; validation: number; test: number };
}

export interface ModelView {
  id: string;
  name: string;
  status: string;
  error: string | null;
  architecture: string;
  hiddenUnits: number[];
  inputFeatures: string[];
  parameterCount: number;
  nonZeroParameterCount: number;
  sizeBytes: number;
  metrics: SplitMetrics[];
  trainingDurationMs?: number | null;
  progress?: { epoch: number; epochs: number; loss: number | null; validationLoss: number | null } | null;
}

export interface RunView {
  id: string;
  method: string;
  status: string;
  progress: number;
  phase: string | null;
  error: string | null;
  durationMs: number | null;
  resultModel: ModelView | null;
  summary: {
    accuracyDrop: number | null;
    sparsity: number;
    fidelity: number | null;
    removedFeatures: string[];
    removedNeurons: Array<{ layer: number; index: number }>;
    explanation: { method: string; spearman: number | null; featureAgreement: number; k: number };
  } | null;
}

/** Raised when a model or run ends FAILED or CANCELLED, or does not finish in time. */
export class JobFailedError extends Error {}

/** Source of the demo's dataset: inline CSV text or a file to upload. */
export type DatasetSource = { kind: 'inline'; name: string; csv: string; target: string } | { kind: 'file'; path: string; target: string };

/** Registers the dataset: inline CSV text as JSON, or a file as a multipart upload. */
export async function registerDataset(client: GraphQLClient, source: DatasetSource, seed: number): Promise<DatasetView> {
  if (source.kind === 'inline') {
    const input = { name: source.name, csv: source.csv, targetColumn: source.target, seed };
    const data = await client.request<{ createDataset: DatasetView }>(CREATE_DATASET, { input });
    return data.createDataset;
  }

  const name = path.basename(source.path).replace(/\.[^.]+$/, '');
  const input = { name, file: null, targetColumn: source.target, seed };
  const data = await client.upload<{ createDataset: DatasetView }>(CREATE_DATASET, { input }, 'input.file', source.path);
  return data.createDataset;
}

/** Queues the training of an MLP and waits for READY, drawing the epoch progress. */
export async function trainMlp(client: GraphQLClient, dataset: DatasetView, options: { epochs: number; seed: number; hiddenUnits: number[] }): Promise<ModelView> {
  const input = {
    datasetId: dataset.id,
    name: `${dataset.name}-mlp`,
    architecture: 'MLP',
    hiddenUnits: options.hiddenUnits,
    epochs: options.epochs,
    batchSize: 16,
    learningRate: 0.01,
    seed: options.seed,
  };
  const queued = await client.request<{ trainModel: { id: string } }>(TRAIN_MODEL, { input });
  const bar = new ProgressBar('training');

  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  for (;;) {
    const { model } = await client.request<{ model: ModelView }>(MODEL_STATUS, { id: queued.trainModel.id });
    const epochs = model.progress?.epochs ?? options.epochs;
    const epoch = model.progress?.epoch ?? 0;

    if (model.status === 'READY') {
      bar.finish(`READY after ${epoch} of ${epochs} epochs${epoch < epochs ? ' (early stopping)' : ''}`);
      return model;
    }
    if (model.status === 'FAILED') {
      bar.finish('FAILED', epoch / epochs);
      throw new JobFailedError(`training of model ${model.id} failed: ${model.error ?? 'no error message'}`);
    }
    if (Date.now() > deadline) throw new JobFailedError(`training of model ${model.id} did not finish within ${WAIT_TIMEOUT_MS / 60_000} minutes`);

    const loss = model.progress?.loss;
    bar.update(epoch / epochs, `epoch ${epoch}/${epochs}${loss !== null && loss !== undefined ? `  loss ${loss.toFixed(4)}` : ''}`);
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Queues one compression run and returns its id. */
export async function queueCompression(client: GraphQLClient, model: ModelView, method: string, options: Record<string, unknown>, seed: number): Promise<string> {
  // The server rejects k above the feature count, and k equal to it makes top-k agreement 1 by construction.
  const k = Math.max(1, Math.min(TOP_K, Math.floor(model.inputFeatures.length / 2)));
  const input = { modelId: model.id, method, seed, k, ...options };
  const data = await client.request<{ compressModel: { id: string } }>(COMPRESS_MODEL, { input });
  return data.compressModel.id;
}

/** Waits for a compression run to finish, drawing its progress and phase. */
export async function waitForRun(client: GraphQLClient, runId: string, label: string): Promise<RunView> {
  const bar = new ProgressBar(label);
  const deadline = Date.now() + WAIT_TIMEOUT_MS;

  for (;;) {
    const { compressionRun: run } = await client.request<{ compressionRun: RunView }>(RUN_STATUS, { id: runId });
    if (run.status === 'SUCCEEDED') {
      bar.finish(`SUCCEEDED in ${((run.durationMs ?? 0) / 1000).toFixed(1)} s`);
      return run;
    }
    if (run.status === 'FAILED' || run.status === 'CANCELLED') {
      bar.finish(run.status, run.progress);
      throw new JobFailedError(`compression run ${run.id} (${run.method}) ended ${run.status}: ${run.error ?? 'no error message'}`);
    }
    if (Date.now() > deadline) throw new JobFailedError(`compression run ${run.id} did not finish within ${WAIT_TIMEOUT_MS / 60_000} minutes`);

    bar.update(run.progress, run.status === 'QUEUED' ? 'queued' : (run.phase ?? 'running'), run.phase);
    await sleep(POLL_INTERVAL_MS);
  }
}
