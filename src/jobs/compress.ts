import type { SharedServices } from '../graphql/context.js';
import { appendAuditEvent } from '../db/audit.js';
import { canonicalJson } from '../core/canonicalJson.js';
import { sha256Hex } from '../core/hash.js';
import { compress, summarizeCompression } from '../compress/index.js';
import type { CompressionPhase, CompressionResult } from '../compress/types.js';
import type { ImportanceMethodName, ImportanceResult } from '../explain/types.js';
import type { EvaluationMetrics } from '../ml/metrics.js';
import type { DenseNetwork } from '../ml/network.js';
import { compareView } from '../services/comparison.js';
import type { TrainConfig } from '../ml/train.js';
import { loadComputeData, type ComputeData } from '../services/computeData.js';
import { computeModelImportance, featureScores, storeImportance } from '../services/importance.js';
import { evaluateSplits } from '../services/metrics.js';
import { encodeWeights, loadNetwork } from '../services/networks.js';
import type { JobContext, JobPayload } from './queue.js';
import { describeError, isTransientDatabaseError } from './errors.js';
import { throttle } from './throttle.js';
import { PACKAGE_VERSION } from '../version.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Raised inside a run when its row was set to CANCELLED. */
class RunCancelledError extends Error {}

/** Stored configuration of a run: the method's resolved options plus comparison settings. */
export interface RunConfig {
  options: Record<string, unknown>;
  comparisonMethod: ImportanceMethodName;
  k: number;
}

/**
 * Runs one compression job: claims the run, compresses the source model,
 * measures before and after, and stores the result model, its importance
 * scores and the run summary in one transaction. A run that already ended is
 * left alone, so a job delivered twice creates one result model.
 */
export async function handleCompressModel(
  services: SharedServices,
  payload: JobPayload,
  job: JobContext,
): Promise<void> {
  const { db, logger } = services;
  const log = logger.child({ runId: payload.id, workerId: job.workerId });

  if (job.exhausted) {
    await markRunFailed(services, payload.id, `run failed after ${job.attempt - 1} attempts: the worker stopped or lost its database connection each time; start the run again`);
    return;
  }

  const claimed = await claimRun(services, payload.id, job);
  if (!claimed) {
    log.info('compression job skipped: run already ended or was not found');
    return;
  }
  const run = claimed;

  let cancelled = false;
  // Progress is best effort, so a database outage skips updates instead of ending
  // a run that needs the database again only when it stores its result.
  const report = throttle(400, async (update: { phase: CompressionPhase; progress: number }) => {
    try {
      const current = await db.compressionRun.findUnique({ where: { id: run.id }, select: { status: true } });
      if (current?.status === 'CANCELLED') cancelled = true;
      await db.compressionRun.updateMany({ where: { id: run.id, status: 'RUNNING' }, data: update });
    } catch (error) {
      if (!isTransientDatabaseError(error)) throw error;
      log.warn({ err: error }, 'compression progress not stored because the database is unreachable; the run continues');
    }
  });
  // Progress never moves backwards, although a compressor's phases may restart at 0.
  let progress = 0;
  const onProgress = async (phase: CompressionPhase, fraction: number, offset: number, span: number) => {
    progress = Math.max(progress, Math.min(0.99, offset + span * Math.max(0, Math.min(1, fraction))));
    await report({ phase, progress });
    if (cancelled) throw new RunCancelledError();
  };

  try {
    const source = await db.model.findUniqueOrThrow({ where: { id: run.sourceModelId } });
    const network = await loadNetwork(db, source.id);
    const data = await loadComputeData(db, source.datasetId, source.inputColumns);
    const runConfig = run.config as unknown as RunConfig;
    const trainConfig = source.trainingConfig as unknown as TrainConfig;

    const result = await compress(run.method, {
      network,
      featureNames: data.featureNames,
      featureGroups: data.featureGroups,
      task: data.task,
      classCount: data.classCount,
      data: {
        train: data.splits.TRAIN.x,
        trainTarget: data.splits.TRAIN.y,
        validation: data.splits.VALIDATION.x,
        validationTarget: data.splits.VALIDATION.y,
        test: data.splits.TEST.x,
        testTarget: data.splits.TEST.y,
      },
      trainConfig,
      config: runConfig.options,
      seed: run.seed,
      onProgress: (phase, fraction) => onProgress(phase, fraction, 0, 0.8),
      isCancelled: () => cancelled,
    });

    await onProgress('evaluating', 0, 0.8, 0.05);
    const resultColumns = result.inputColumns.map((position) => source.inputColumns[position]);
    const resultData = await loadComputeData(db, source.datasetId, resultColumns);
    const metrics = evaluateSplits(result.network, resultData);

    await onProgress('explaining', 0, 0.85, 0.1);
    const before = await computeModelImportance(network, data, runConfig.comparisonMethod, 'TEST', run.seed);
    const after = await computeModelImportance(result.network, resultData, runConfig.comparisonMethod, 'TEST', run.seed);
    await onProgress('explaining', 1, 0.85, 0.1);

    const summary = buildSummary(network, result, data, before, after, runConfig);
    await storeSuccess(services, run, source, result, resultColumns, metrics, summary, after, job);
    log.info({ method: run.method, sparsity: result.sparsity }, 'compression run succeeded');
  } catch (error) {
    await report.flush().catch(() => undefined);
    if (error instanceof RunCancelledError || cancelled) {
      log.info('compression run cancelled while running');
      return;
    }
    if (isTransientDatabaseError(error)) throw error;
    await markRunFailed(services, run.id, describeError(error));
  }
}

async function claimRun(services: SharedServices, runId: string, job: { attempt: number; workerId: string }) {
  return services.db.$transaction(async (tx) => {
    const run = await tx.compressionRun.findUnique({ where: { id: runId } });
    if (!run || TERMINAL.has(run.status)) return null;

    const claimed = await tx.compressionRun.update({
      where: { id: runId },
      data: { status: 'RUNNING', attempts: { increment: 1 }, startedAt: run.startedAt ?? new Date(), workerId: job.workerId, phase: 'scoring', progress: 0, error: null },
    });
    await appendAuditEvent(tx, {
      actor: 'worker',
      action: 'STATUS_CHANGE',
      entityType: 'CompressionRun',
      entityId: runId,
      details: { status: 'RUNNING', from: run.status, attempt: claimed.attempts, workerId: job.workerId },
    });
    return claimed;
  });
}

function buildSummary(
  network: DenseNetwork,
  result: CompressionResult,
  data: ComputeData,
  before: ImportanceResult,
  after: ImportanceResult,
  runConfig: RunConfig,
) {
  const importanceBefore = featureScores(before);
  const importanceAfter = featureScores(after);
  const summary = summarizeCompression({
    source: network,
    result: result.network,
    sourceInputFeatures: data.featureNames,
    resultInputColumns: result.inputColumns,
    test: data.splits.TEST.x,
    testTarget: data.splits.TEST.y,
    task: data.task,
    classCount: data.classCount,
    importanceBefore,
    importanceAfter,
    k: runConfig.k,
  });

  const headline = (metrics: EvaluationMetrics) => (data.task === 'REGRESSION' ? metrics.r2 : metrics.accuracy);
  const scoreBefore = headline(summary.metricsBefore);
  const scoreAfter = headline(summary.metricsAfter);
  const fidelity = data.task === 'REGRESSION' ? summary.outputR2 : summary.classAgreement;
  const testRows = data.splits.TEST.rows;
  const withMethod = (measures: typeof summary.interpretabilityBefore) => ({ method: runConfig.comparisonMethod, ...measures });
  const explained = (outputs: number[]) => (outputs.length === 1 ? outputs[0] : outputs.indexOf(Math.max(...outputs)));

  return {
    metricsBefore: { split: 'TEST', rows: data.splits.TEST.x.rows, ...summary.metricsBefore },
    metricsAfter: { split: 'TEST', rows: data.splits.TEST.x.rows, ...summary.metricsAfter },
    accuracyDrop: scoreBefore !== null && scoreAfter !== null ? scoreBefore - scoreAfter : null,
    parametersBefore: summary.sizeBefore.parameterCount,
    parametersAfter: summary.sizeAfter.parameterCount,
    nonZeroBefore: summary.sizeBefore.nonZeroParameters,
    nonZeroAfter: summary.sizeAfter.nonZeroParameters,
    sizeBytesBefore: summary.sizeBefore.storedBytes,
    sizeBytesAfter: summary.sizeAfter.storedBytes,
    sparsity: result.sparsity,
    featuresBefore: network.inputSize,
    featuresAfter: result.network.inputSize,
    removedFeatures: result.removedFeatures,
    removedNeurons: result.removedNeurons,
    fidelity,
    explanation: compareView(runConfig.comparisonMethod, importanceBefore, importanceAfter, runConfig.k, fidelity),
    interpretabilityBefore: withMethod(summary.interpretabilityBefore),
    interpretabilityAfter: withMethod(summary.interpretabilityAfter),
    exemplars: summary.exemplars.map((exemplar) => ({
      row: testRows[exemplar.row],
      before: explained(exemplar.before),
      after: explained(exemplar.after),
      change: exemplar.change,
      classChanged: exemplar.classChanged,
      outputsBefore: exemplar.before,
      outputsAfter: exemplar.after,
    })),
    details: result.details,
  };
}

async function storeSuccess(
  services: SharedServices,
  run: { id: string; sourceModelId: string; seed: number; method: string; attempts: number },
  source: { id: string; name: string; datasetId: string; architecture: 'LINEAR' | 'LOGISTIC' | 'MLP'; trainingConfig: unknown; activation: string },
  result: CompressionResult,
  resultColumns: number[],
  metrics: ReturnType<typeof evaluateSplits>,
  summary: ReturnType<typeof buildSummary>,
  after: Awaited<ReturnType<typeof computeModelImportance>>,
  job: { workerId: string },
): Promise<void> {
  const { db } = services;
  const weights = encodeWeights(result.network);
  const resultData = await db.dataset.findUniqueOrThrow({ where: { id: source.datasetId }, select: { featureNames: true } });
  const finishedAt = new Date();
  const accuracyDrop = summary.accuracyDrop ?? null;
  const summaryHash = sha256Hex(canonicalJson(summary));

  await db.$transaction(async (tx) => {
    const current = await tx.compressionRun.findUniqueOrThrow({ where: { id: run.id } });
    if (current.status !== 'RUNNING') throw new RunCancelledError(`run ${run.id} is ${current.status}`);

    const model = await tx.model.create({
      data: {
        name: `${source.name} · ${run.method.toLowerCase().replace('_', ' ')}`,
        status: 'READY',
        datasetId: source.datasetId,
        architecture: source.architecture,
        inputFeatures: resultColumns.map((c) => resultData.featureNames[c]),
        inputColumns: resultColumns,
        hiddenUnits: result.network.layers.slice(0, -1).map((layer) => layer.units),
        activation: source.activation,
        parameterCount: weights.parameterCount,
        nonZeroParameterCount: weights.nonZeroParameterCount,
        sizeBytes: BigInt(weights.sizeBytes),
        metrics: metrics as never,
        weightsHash: weights.hash,
        seed: run.seed,
        backend: services.info.backend,
        packageVersion: PACKAGE_VERSION,
        trainingConfig: source.trainingConfig as never,
        trainingDurationMs: null,
        interpretability: summary.interpretabilityAfter as never,
        origin: 'COMPRESSED',
        producedByRunId: run.id,
        createdBy: 'worker',
      },
    });
    await tx.modelWeights.create({ data: { modelId: model.id, data: weights.data, format: 'dense-or-sparse-v1' } });
    await storeImportance(tx, model.id, 'TEST', after);

    const durationMs = finishedAt.getTime() - (current.startedAt ?? current.queuedAt).getTime();
    await tx.compressionRun.update({
      where: { id: run.id },
      data: { status: 'SUCCEEDED', progress: 1, phase: null, finishedAt, durationMs, summary: summary as never, accuracyDrop, sparsity: result.sparsity },
    });
    await appendAuditEvent(tx, {
      actor: 'worker',
      action: 'CREATE',
      entityType: 'Model',
      entityId: model.id,
      contentHash: weights.hash,
      details: { producedByRunId: run.id, sourceModelId: source.id, backend: services.info.backend, packageVersion: PACKAGE_VERSION },
    });
    await appendAuditEvent(tx, {
      actor: 'worker',
      action: 'STATUS_CHANGE',
      entityType: 'CompressionRun',
      entityId: run.id,
      contentHash: summaryHash,
      details: { status: 'SUCCEEDED', resultModelId: model.id, workerId: job.workerId, durationMs },
    });
  });
}

/** Marks a run FAILED with a message a user can act on, unless it already ended. */
export async function markRunFailed(services: SharedServices, runId: string, message: string): Promise<void> {
  await services.db.$transaction(async (tx) => {
    const updated = await tx.compressionRun.updateMany({
      where: { id: runId, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'FAILED', error: message, finishedAt: new Date(), phase: null },
    });
    if (updated.count === 0) return;
    await appendAuditEvent(tx, { actor: 'worker', action: 'STATUS_CHANGE', entityType: 'CompressionRun', entityId: runId, details: { status: 'FAILED', error: message } });
  });
  services.logger.warn({ runId, error: message }, 'compression run failed');
}
