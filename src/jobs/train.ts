import type { SharedServices } from '../graphql/context.js';
import { appendAuditEvent } from '../db/audit.js';
import { trainNetwork, type TrainConfig } from '../ml/train.js';
import { loadComputeData } from '../services/computeData.js';
import { evaluateSplits } from '../services/metrics.js';
import { encodeWeights } from '../services/networks.js';
import { computeDefaultInterpretability } from '../services/importance.js';
import type { JobContext, JobPayload } from './queue.js';
import { describeError, isTransientDatabaseError } from './errors.js';
import { throttle } from './throttle.js';

/**
 * Trains a model whose row is TRAINING and stores its weights, metrics and
 * interpretability in one transaction. A model that is already READY or
 * FAILED is left alone, so a job delivered twice stores one result.
 */
export async function handleTrainModel(services: SharedServices, payload: JobPayload, job: JobContext): Promise<void> {
  const { db, logger } = services;
  const attempt = job.attempt;
  const model = await db.model.findUnique({ where: { id: payload.id } });
  if (!model || model.status !== 'TRAINING') {
    logger.info({ modelId: payload.id, status: model?.status }, 'training job skipped: model is not TRAINING');
    return;
  }
  if (job.exhausted) {
    await markModelFailed(services, model.id, `training failed after ${attempt - 1} attempts: the worker stopped or lost its database connection each time; train the model again`);
    return;
  }

  const config = model.trainingConfig as unknown as TrainConfig;
  const data = await loadComputeData(db, model.datasetId, model.inputColumns);
  // Progress is best effort, so a database outage skips updates instead of failing the training.
  const reportProgress = throttle(500, async (progress: { epoch: number; epochs: number; loss: number; validationLoss: number | null }) => {
    try {
      await db.model.updateMany({ where: { id: model.id, status: 'TRAINING' }, data: { progress } });
    } catch (error) {
      if (!isTransientDatabaseError(error)) throw error;
      logger.warn({ modelId: model.id, err: error }, 'training progress not stored because the database is unreachable; training continues');
    }
  });

  let result;
  try {
    result = await trainNetwork(
      config,
      {
        task: data.task,
        classCount: data.classCount,
        train: data.splits.TRAIN.x,
        trainTarget: data.splits.TRAIN.y,
        validation: data.splits.VALIDATION.x,
        validationTarget: data.splits.VALIDATION.y,
      },
      { onEpoch: (progress) => reportProgress(progress) },
    );
    await reportProgress.flush();
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    await markModelFailed(services, model.id, `training failed: ${describeError(error)}`);
    return;
  }

  const metrics = evaluateSplits(result.network, data);
  const weights = encodeWeights(result.network);
  const interpretability = await computeDefaultInterpretability(result.network, data, config.seed);

  await db.$transaction(async (tx) => {
    const updated = await tx.model.updateMany({
      where: { id: model.id, status: 'TRAINING' },
      data: {
        status: 'READY',
        metrics: metrics as never,
        weightsHash: weights.hash,
        parameterCount: weights.parameterCount,
        nonZeroParameterCount: weights.nonZeroParameterCount,
        sizeBytes: BigInt(weights.sizeBytes),
        backend: services.info.backend,
        trainingDurationMs: Math.round(result.durationMs),
        progress: { epoch: result.history.length, epochs: config.epochs, loss: result.history.at(-1)?.loss ?? null, validationLoss: result.history.at(-1)?.validationLoss ?? null, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly },
        interpretability: interpretability.measures as never,
      },
    });
    if (updated.count === 0) throw new Error(`model ${model.id} left TRAINING while it trained`);

    await tx.modelWeights.create({ data: { modelId: model.id, data: weights.data, format: 'dense-or-sparse-v1' } });
    await interpretability.store(tx, model.id);
    await appendAuditEvent(tx, {
      actor: 'worker',
      action: 'STATUS_CHANGE',
      entityType: 'Model',
      entityId: model.id,
      contentHash: weights.hash,
      details: { status: 'READY', backend: services.info.backend, packageVersion: model.packageVersion, attempt, durationMs: Math.round(result.durationMs) },
    });
  });
  logger.info({ modelId: model.id, durationMs: Math.round(result.durationMs), weightsHash: weights.hash }, 'model trained');
}

/** Marks a TRAINING model FAILED with a message, with its audit event. */
export async function markModelFailed(services: SharedServices, modelId: string, message: string): Promise<void> {
  await services.db.$transaction(async (tx) => {
    const updated = await tx.model.updateMany({ where: { id: modelId, status: 'TRAINING' }, data: { status: 'FAILED', error: message } });
    if (updated.count === 0) return;
    await appendAuditEvent(tx, { actor: 'worker', action: 'STATUS_CHANGE', entityType: 'Model', entityId: modelId, details: { status: 'FAILED', error: message } });
  });
  services.logger.warn({ modelId, error: message }, 'model training failed');
}
