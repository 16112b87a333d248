import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { ImportanceMethod } from '../enums.js';
import { RunComparisonRow } from '../types/comparison.js';
import { ExplanationComparison } from '../types/run.js';
import { compareModels } from '../../services/modelComparison.js';
import { compareRuns, MAX_COMPARED_RUNS } from '../../services/runComparison.js';

@Resolver()
export class ComparisonResolver {
  @Query(() => ExplanationComparison, {
    description:
      'Compares the explanations and predictions of two READY models of one dataset on its TEST split. Uses the latest stored importance of the method, and computes and stores a missing one when it is small enough.',
  })
  async compareModels(
    @Arg('baseModelId', () => ID) baseModelId: string,
    @Arg('otherModelId', () => ID) otherModelId: string,
    @Arg('method', () => ImportanceMethod, { defaultValue: 'PERMUTATION' }) method: ImportanceMethod,
    @Arg('k', () => Int, { defaultValue: 5, description: 'k of the top-k agreement measures.' }) k: number,
    @Arg('seed', () => Int, { defaultValue: 42, description: 'Seed of an importance computed because none was stored.' }) seed: number,
    @Ctx() context: Context,
  ): Promise<ExplanationComparison> {
    return compareModels(context, { baseModelId, otherModelId, method, k, seed });
  }

  @Query(() => [RunComparisonRow], { description: `One row per compression run, in the order given; at most ${MAX_COMPARED_RUNS} ids.` })
  async compareRuns(@Arg('ids', () => [ID]) ids: string[], @Ctx() context: Context): Promise<RunComparisonRow[]> {
    return compareRuns(context.db, ids);
  }
}
