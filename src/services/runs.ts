import type { Context } from '../graphql/context.js';
import { apiError, badInput, conflict, notFound, requireUuid } from '../graphql/errors.js';
import type { CompressModelInput, CompressionRunFilter, CompressionRunOrder } from '../graphql/types/run.js';
import { decodeCursor, toConnection } from '../graphql/pagination.js';
import { appendAuditEvent } from '../db/audit.js';
import type { Database } from '../db/client.js';
import type { CompressionRun, Prisma } from '../db/generated/client.js';
import { canonicalJson } from '../core/canonicalJson.js';
import { sha256Hex } from '../core/hash.js';
import { compressors } from '../compress/index.js';
import { CompressionConfigError } from '../compress/errors.js';
import { QUEUES } from '../jobs/queue.js';
import type { FeatureGroupSpec } from './computeData.js';
import { groupsForColumns } from './computeData.js';
import { sqlExecutor } from './sqlExecutor.js';

const OPTIONS_FIELD = {
  WEIGHT_PRUNING: 'weightPruning',
  FEATURE_SELECTION: 'featureSelection',
  NEURON_PRUNING: 'neuronPruning',
} as const;

/** Removes null and undefined entries, so that omitted options take the method defaults. */
function definedEntries(value: object | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, item]) => item !== null && item !== undefined));
}

/**
 * Validates a compression request against its source model before anything
 * is stored, then writes the QUEUED run, its audit event and its job in one
 * transaction. A repeated idempotency key with the same input returns the
 * existing run; with a different input it raises CONFLICT.
 */
export async function queueCompression(context: Context, input: CompressModelInput): Promise<CompressionRun> {
  const model = await context.db.model.findUnique({ where: { id: requireUuid('Model', input.modelId) } });
  if (!model) throw notFound('Model', input.modelId);

  const field = OPTIONS_FIELD[input.method];
  for (const [method, other] of Object.entries(OPTIONS_FIELD)) {
    if (method !== input.method && input[other]) {
      throw badInput(`${other} was given for method ${input.method}; pass ${field} instead, or set method to ${method}`, other);
    }
  }

  const seed = input.seed ?? 42;
  // The default k of 5 shrinks to the input count for models with fewer inputs.
  const k = input.k ?? Math.min(5, model.inputColumns.length);
  const comparisonMethod = input.comparisonMethod ?? 'PERMUTATION';
  const requestHash = sha256Hex(canonicalJson({ modelId: model.id, method: input.method, options: definedEntries(input[field]), comparisonMethod, k, seed }));

  if (input.idempotencyKey) {
    const existing = await context.db.compressionRun.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
    if (existing) {
      if (existing.inputHash !== requestHash) {
        throw conflict(`idempotencyKey ${JSON.stringify(input.idempotencyKey)} was already used with a different input; use a new key for a different run`);
      }
      return existing;
    }
  }

  if (model.status !== 'READY') {
    const next = model.status === 'TRAINING' ? 'wait for it to finish training' : 'train the model again or compress another model';
    throw badInput(`model ${model.id} is ${model.status}; only a READY model can be compressed, so ${next}`, 'modelId');
  }
  if (!Number.isInteger(k) || k < 1) throw badInput(`k=${k} must be a positive integer`, 'k');
  if (['WEIGHT_L1', 'MEAN_ACTIVATION', 'TAYLOR'].includes(comparisonMethod)) {
    throw badInput(`comparisonMethod=${comparisonMethod} scores neurons; the explanation comparison needs a feature method such as PERMUTATION`, 'comparisonMethod');
  }

  const dataset = await context.db.dataset.findUniqueOrThrow({ where: { id: model.datasetId } });
  const groups = groupsForColumns(dataset.featureGroups as unknown as FeatureGroupSpec[], model.inputColumns);
  const grouped = new Set(groups.flatMap((group) => (group.columns.length > 1 ? group.columns : [])));
  const featureCount = groups.filter((group) => group.columns.length > 1).length + model.inputColumns.filter((_, i) => !grouped.has(i)).length;
  const outputSize = dataset.task === 'MULTICLASS' ? dataset.classLabels.length : 1;

  let options: Record<string, unknown>;
  try {
    options = compressors[input.method].validateConfig(definedEntries(input[field]), {
      inputSize: model.inputColumns.length,
      featureCount,
      hiddenLayerSizes: model.hiddenUnits,
      outputSize,
    });
  } catch (error) {
    if (error instanceof CompressionConfigError) throw badInput(error.message, field);
    throw error;
  }
  if (k > model.inputColumns.length) {
    throw badInput(`k=${k} is above the model's ${model.inputColumns.length} input features; use k of at most ${model.inputColumns.length}`, 'k');
  }

  const actor = context.actor.keyId ?? context.actor.name;
  try {
    return await context.db.$transaction(async (tx) => {
      const run = await tx.compressionRun.create({
        data: {
          method: input.method,
          config: { options, comparisonMethod, k } as Prisma.InputJsonValue,
          status: 'QUEUED',
          sourceModelId: model.id,
          datasetId: model.datasetId,
          idempotencyKey: input.idempotencyKey ?? null,
          inputHash: requestHash,
          seed,
          createdBy: actor,
        },
      });
      await appendAuditEvent(tx, {
        actor,
        action: 'CREATE',
        entityType: 'CompressionRun',
        entityId: run.id,
        contentHash: requestHash,
        details: { method: input.method, sourceModelId: model.id, config: { options, comparisonMethod, k }, seed, status: 'QUEUED' },
      });
      await context.queue.enqueue(QUEUES.compress, run.id, sqlExecutor(tx));
      return run;
    });
  } catch (error) {
    // Two requests with the same new key raced: the loser returns the winner's run.
    if ((error as { code?: string }).code === 'P2002' && input.idempotencyKey) {
      const existing = await context.db.compressionRun.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
      if (existing && existing.inputHash === requestHash) return existing;
    }
    throw error;
  }
}

/** Cancels a QUEUED or RUNNING run; a running job stops at its next progress report. */
export async function cancelRun(context: Context, id: string): Promise<CompressionRun> {
  requireUuid('CompressionRun', id);
  return context.db.$transaction(async (tx) => {
    const run = await tx.compressionRun.findUnique({ where: { id } });
    if (!run) throw notFound('CompressionRun', id);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') {
      throw apiError('CONFLICT', `run ${id} is ${run.status}; only QUEUED or RUNNING runs can be cancelled`);
    }
    const cancelled = await tx.compressionRun.update({
      where: { id },
      data: { status: 'CANCELLED', finishedAt: new Date(), phase: null },
    });
    await appendAuditEvent(tx, {
      actor: context.actor.keyId ?? context.actor.name,
      action: 'CANCEL',
      entityType: 'CompressionRun',
      entityId: id,
      details: { status: 'CANCELLED', from: run.status },
    });
    return cancelled;
  });
}

const ORDER_COLUMNS = {
  CREATED_AT: 'queuedAt',
  DURATION: 'durationMs',
  ACCURACY_DROP: 'accuracyDrop',
  SPARSITY: 'sparsity',
} as const;

const CURSOR_KEY_TYPES = { queuedAt: 'date', durationMs: 'integer', accuracyDrop: 'number', sparsity: 'number' } as const;

/**
 * Lists runs in a stable order (the chosen column, then id), with keyset
 * pagination. Runs without a value of the sort column (unfinished runs)
 * come last in either direction.
 */
export async function listRuns(db: Database, limit: number, after: string | null, filter: CompressionRunFilter, order: CompressionRunOrder | null) {
  const where: Prisma.CompressionRunWhereInput = {};
  if (filter.datasetId) where.datasetId = requireUuid('Dataset', filter.datasetId);
  if (filter.sourceModelId) where.sourceModelId = requireUuid('Model', filter.sourceModelId);
  if (filter.method) where.method = filter.method;
  if (filter.status) where.status = filter.status;

  const column = ORDER_COLUMNS[order?.field ?? 'CREATED_AT'];
  const direction = (order?.direction ?? 'DESC') === 'DESC' ? 'desc' : 'asc';
  const compare = direction === 'desc' ? 'lt' : 'gt';
  const pageWhere: Prisma.CompressionRunWhereInput = { ...where };
  if (after) {
    const cursor = decodeCursor(after, CURSOR_KEY_TYPES[column]);
    const key = cursor.key;
    pageWhere.AND = [
      key === null
        ? { [column]: null, id: { [compare]: cursor.id } }
        : { OR: [{ [column]: { [compare]: key } }, { [column]: key, id: { [compare]: cursor.id } }, { [column]: null }] },
    ];
  }

  const [rows, totalCount] = await Promise.all([
    db.compressionRun.findMany({
      where: pageWhere,
      orderBy: [column === 'queuedAt' ? { queuedAt: direction } : { [column]: { sort: direction, nulls: 'last' } }, { id: direction }],
      take: limit + 1,
    }),
    db.compressionRun.count({ where }),
  ]);
  const keyOf = (row: CompressionRun) => {
    const value = row[column];
    return value instanceof Date ? value.toISOString() : (value as number | null);
  };
  return toConnection(rows, limit, totalCount, keyOf, Boolean(after));
}
