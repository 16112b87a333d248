import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireUuid } from '../errors.js';
import type { Context } from '../context.js';
import { Importance, ComputeImportanceInput } from '../types/importance.js';
import { Model } from '../types/model.js';
import { queueImportance } from '../../services/importanceRequests.js';

@Resolver(() => Importance)
export class ImportanceResolver {
  @Query(() => Importance, { nullable: true, description: 'One importance computation by id, in any status, with its error if it FAILED.' })
  async importanceRun(@Arg('id', () => ID) id: string, @Ctx() context: Context) {
    requireUuid('ImportanceRun', id);
    const run = await context.db.importanceRun.findUnique({
      where: { id },
      include: { scores: { orderBy: [{ isGroup: 'asc' }, { rank: 'asc' }] } },
    });
    return run ? { ...run, checks: (run.checks as unknown[]) ?? [] } : null;
  }

  @Mutation(() => Importance, { description: 'Queues an importance computation; poll model.importance(method) or this id for the scores.' })
  async computeImportance(@Arg('input', () => ComputeImportanceInput) input: ComputeImportanceInput, @Ctx() context: Context) {
    return queueImportance(context, input);
  }

  @FieldResolver(() => Model)
  async model(@Root() importance: { modelId: string }, @Ctx() context: Context) {
    return context.loaders.model.load(importance.modelId);
  }
}
