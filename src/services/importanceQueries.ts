import type { Context } from '../graphql/context.js';
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
