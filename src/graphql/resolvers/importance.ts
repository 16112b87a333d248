import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Importance, ComputeImportanceInput } from '../types/importance.js';
import { Model } from '../types/model.js';
import { queueImportance } from '../../services/importanceRequests.js';

@Resolver(() => Importance)
export class ImportanceResolver {
  @Mutation(() => Importance, { description: 'Queues an importance computation; poll model.importance(method) or this id for the scores.' })
  async computeImportance(@Arg('input', () => ComputeImportanceInput) input: ComputeImportanceInput, @Ctx() context: Context) {
    return queueImportance(context, input);
  }

  @FieldResolver(() => Model)
  async model(@Root() importance: { modelId: string }, @Ctx() context: Context) {
    return context.loaders.model.load(importance.modelId);
  }
}
