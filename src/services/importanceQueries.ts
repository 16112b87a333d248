import type { Context } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { effectiveFeatureCount, giniSparseness } from '../explain/measures.js';
import type { ImportanceMethod } from '../db/generated/enums.js';

/** Returns the latest successful importance computation of a method on a model, with ranked scores. */
export async function latestImportance(context: Context, modelId: string, method: ImportanceMethod) {
  const run = await context.db.importanceRun.findFirst({
    where: { modelId, method, status: 'SUCCEEDED' },
    orderBy: { createdAt: 'desc' },
    include: { scores: { orderBy: [{ isGroup: 'asc' }, { rank: 'asc' }] } },
  });
  if (!run) return null;
  return { ...run, checks: (run.checks as unknown[]) ?? [] };
}

/**
 * Computes the interpretability measures of a model from its latest stored
 * scores of another method; returns null when that method was not computed.
 * Active features depend on the weights only, so the stored count is reused.
 */
export async function interpretabilityFromScores(context: Context, modelId: string, method: ImportanceMethod, activeFeatures: number) {
  if (method === 'WEIGHT_L1' || method === 'MEAN_ACTIVATION' || method === 'TAYLOR') {
    throw badInput(`method ${method} scores neurons; interpretability measures need a feature method such as PERMUTATION`, 'method');
  }
  const importance = await latestImportance(context, modelId, method);
  if (!importance) return null;
  const values = importance.scores.filter((score) => !score.isGroup).map((score) => Math.abs(score.value));
  return { method, activeFeatures, effectiveFeatures: effectiveFeatureCount(values), giniSparseness: giniSparseness(values) };
}
