import { appendAuditEvent } from '../db/audit.js';
import type { Prisma } from '../db/generated/client.js';
import { computeImportance } from '../explain/methods.js';
import { activeFeatureCount, effectiveFeatureCount, giniSparseness } from '../explain/measures.js';
import type { ImportanceMethodName, ImportanceOptions, ImportanceResult, RankedScoreValue } from '../explain/types.js';
import type { DenseNetwork } from '../ml/network.js';
import type { ComputeData, SplitName } from './computeData.js';

export const DEFAULT_INTERPRETABILITY_METHOD: ImportanceMethodName = 'PERMUTATION';

export interface InterpretabilityMeasures {
  method: ImportanceMethodName;
  activeFeatures: number;
  effectiveFeatures: number;
  giniSparseness: number;
}

/** Runs one importance method on one split of a model's data. */
export async function computeModelImportance(
  network: DenseNetwork,
  data: ComputeData,
  method: ImportanceMethodName,
  split: SplitName,
  seed: number,
  options: ImportanceOptions = {},
): Promise<ImportanceResult<RankedScoreValue>> {
  const rows = data.splits[split];
  return computeImportance(method, {
    network,
    task: data.task,
    classCount: data.classCount,
    data: rows.x,
    target: rows.y,
    background: data.splits.TRAIN.x,
    featureNames: data.featureNames,
    featureGroups: data.featureGroups,
    seed,
    options,
  }) as Promise<ImportanceResult<RankedScoreValue>>;
}

/** Returns the per-input feature scores (not group scores) in input order. */
export function featureScores(result: ImportanceResult): Array<{ name: string; value: number; signedValue: number | null }> {
  return result.scores
    .filter((score) => score.targetKind === 'FEATURE' && !score.isGroup)
    .sort((a, b) => a.index - b.index)
    .map(({ name, value, signedValue }) => ({ name, value, signedValue }));
}

/** Computes the interpretability measures of a network from an importance result. */
export function interpretabilityOf(network: DenseNetwork, result: ImportanceResult): InterpretabilityMeasures {
  const values = featureScores(result).map((score) => Math.abs(score.value));
  return {
    method: result.method,
    activeFeatures: activeFeatureCount(network),
    effectiveFeatures: effectiveFeatureCount(values),
    giniSparseness: giniSparseness(values),
  };
}

/** Stores an importance result as an ImportanceRun with its ranked scores. */
export async function storeImportance(
  tx: Prisma.TransactionClient,
  modelId: string,
  split: SplitName,
  result: ImportanceResult<RankedScoreValue>,
  importanceRunId?: string,
): Promise<string> {
  const runData = {
    modelId,
    method: result.method,
    targetKind: result.targetKind,
    split,
    status: 'SUCCEEDED' as const,
    options: result.options as never,
    seed: result.seed,
    sampleCount: result.sampleCount,
    durationMs: Math.round(result.durationMs),
    checks: result.checks as never,
    notes: result.notes,
    skippedSamples: result.skippedSamples,
    finishedAt: new Date(),
  };
  const run = importanceRunId
    ? await tx.importanceRun.update({ where: { id: importanceRunId }, data: runData })
    : await tx.importanceRun.create({ data: runData });
  if (!importanceRunId) {
    await appendAuditEvent(tx, {
      actor: 'worker',
      action: 'CREATE',
      entityType: 'ImportanceRun',
      entityId: run.id,
      details: { modelId, method: result.method, split, seed: result.seed, sampleCount: result.sampleCount, status: 'SUCCEEDED' },
    });
  }

  await tx.importanceScore.createMany({
    data: result.scores.map((score) => ({
      importanceRunId: run.id,
      modelId,
      method: result.method,
      targetKind: score.targetKind,
      layer: score.layer,
      index: score.index,
      name: score.name,
      value: score.value,
      std: score.std,
      signedValue: score.signedValue,
      rank: score.rank,
      isGroup: score.isGroup,
      sampleCount: result.sampleCount,
      seed: result.seed,
    })),
  });
  return run.id;
}

/**
 * Computes the default importance (PERMUTATION on the test split) of a new
 * model and its interpretability measures; `store` writes both inside the
 * caller's transaction.
 */
export async function computeDefaultInterpretability(network: DenseNetwork, data: ComputeData, seed: number) {
  const result = await computeModelImportance(network, data, DEFAULT_INTERPRETABILITY_METHOD, 'TEST', seed);
  const measures = interpretabilityOf(network, result);
  return {
    result,
    measures,
    store: (tx: Prisma.TransactionClient, modelId: string) => storeImportance(tx, modelId, 'TEST', result),
  };
}
