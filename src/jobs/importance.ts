import type { SharedServices } from '../graphql/context.js';
import { appendAuditEvent } from '../db/audit.js';
import type { ImportanceOptions } from '../explain/types.js';
import { loadComputeData, type SplitName } from '../services/computeData.js';
import { computeModelImportance, storeImportance } from '../services/importance.js';
import { loadNetwork } from '../services/networks.js';
import type { JobContext, JobPayload } from './queue.js';
import { describeError, isTransientDatabaseError } from './errors.js';

/**
 * Computes one queued importance run and stores its ranked scores. A run
 * that already ended is left alone, so a job delivered twice stores one set.
 */
export async function handleComputeImportance(services: SharedServices, payload: JobPayload, job: JobContext): Promise<void> {
  const { db, logger } = services;
  const run = await db.importanceRun.findUnique({ where: { id: payload.id } });
  if (!run || (run.status !== 'QUEUED' && run.status !== 'RUNNING')) return;
  if (job.exhausted) {
    await markImportanceFailed(services, run.id, `importance failed after ${job.attempt - 1} attempts: the worker stopped each time; request it again`);
    return;
  }
  await db.$transaction(async (tx) => {
    await tx.importanceRun.update({ where: { id: run.id }, data: { status: 'RUNNING' } });
    await appendAuditEvent(tx, { actor: 'worker', action: 'STATUS_CHANGE', entityType: 'ImportanceRun', entityId: run.id, details: { status: 'RUNNING', attempt: job.attempt, workerId: job.workerId } });
  });

  let result;
  const model = await db.model.findUniqueOrThrow({ where: { id: run.modelId } });
  try {
    const network = await loadNetwork(db, model.id);
    const data = await loadComputeData(db, model.datasetId, model.inputColumns);
    result = await computeModelImportance(network, data, run.method, run.split as SplitName, run.seed, run.options as ImportanceOptions);

    await db.$transaction(async (tx) => {
      const current = await tx.importanceRun.findUniqueOrThrow({ where: { id: run.id } });
      if (current.status !== 'RUNNING') return;
      await storeImportance(tx, model.id, run.split as SplitName, result!, run.id);
      await appendAuditEvent(tx, {
        actor: 'worker',
        action: 'STATUS_CHANGE',
        entityType: 'ImportanceRun',
        entityId: run.id,
        details: { status: 'SUCCEEDED', modelId: model.id, method: run.method, seed: run.seed, sampleCount: result!.sampleCount },
      });
    });
    logger.info({ importanceRunId: run.id, modelId: model.id, method: run.method, durationMs: Math.round(result.durationMs) }, 'importance computed');
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    await markImportanceFailed(services, run.id, describeError(error));
  }
}

async function markImportanceFailed(services: SharedServices, runId: string, message: string): Promise<void> {
  await services.db.$transaction(async (tx) => {
    const updated = await tx.importanceRun.updateMany({
      where: { id: runId, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'FAILED', error: message, finishedAt: new Date() },
    });
    if (updated.count === 0) return;
    await appendAuditEvent(tx, { actor: 'worker', action: 'STATUS_CHANGE', entityType: 'ImportanceRun', entityId: runId, details: { status: 'FAILED', error: message } });
  });
  services.logger.warn({ importanceRunId: runId, error: message }, 'importance computation failed');
}
