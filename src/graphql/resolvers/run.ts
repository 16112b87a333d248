import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { notFound, requireUuid } from '../errors.js';
import { pageSize } from '../pagination.js';
import { Dataset } from '../types/dataset.js';
import { Model } from '../types/model.js';
import {
  CompressionRun,
  CompressionRunConnection,
  CompressionRunFilter,
  CompressionRunOrder,
  CompressModelInput,
  RunSummary,
} from '../types/run.js';
import type { RunRow } from '../loaders.js';
import { cancelRun, listRuns, queueCompression } from '../../services/runs.js';

@ArgsType()
class CompressionRunsArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
  @Field(() => CompressionRunFilter, { nullable: true }) filter?: CompressionRunFilter | null;
  @Field(() => CompressionRunOrder, { nullable: true }) orderBy?: CompressionRunOrder | null;
}

@Resolver(() => CompressionRun)
export class CompressionRunResolver {
  @Query(() => CompressionRun, { nullable: true })
  async compressionRun(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<RunRow | null> {
    const row = await context.loaders.run.load(requireUuid('CompressionRun', id));
    if (!row) throw notFound('CompressionRun', id);
    return row;
  }

  @Query(() => CompressionRunConnection)
  async compressionRuns(@Args(() => CompressionRunsArgs) args: CompressionRunsArgs, @Ctx() context: Context) {
    return listRuns(context.db, pageSize(args.first), args.after ?? null, args.filter ?? {}, args.orderBy ?? null);
  }

  @Mutation(() => CompressionRun, { description: 'Queues a compression run; it is returned with status QUEUED.' })
  async compressModel(@Arg('input', () => CompressModelInput) input: CompressModelInput, @Ctx() context: Context) {
    return queueCompression(context, input);
  }

  @Mutation(() => CompressionRun, { description: 'Cancels a QUEUED or RUNNING run.' })
  async cancelCompressionRun(@Arg('id', () => ID) id: string, @Ctx() context: Context) {
    return cancelRun(context, id);
  }

  @FieldResolver(() => Model)
  async sourceModel(@Root() run: RunRow, @Ctx() context: Context) {
    const model = await context.loaders.model.load(run.sourceModelId);
    if (!model) throw notFound('Model', run.sourceModelId);
    return model;
  }

  @FieldResolver(() => Model, { nullable: true })
  async resultModel(@Root() run: RunRow, @Ctx() context: Context) {
    return context.loaders.resultModelByRun.load(run.id);
  }

  @FieldResolver(() => Dataset)
  async dataset(@Root() run: RunRow, @Ctx() context: Context) {
    return context.loaders.dataset.load(run.datasetId);
  }

  @FieldResolver(() => RunSummary, { nullable: true, description: 'Before and after measures; null until the run SUCCEEDED.' })
  summary(@Root() run: RunRow): RunSummary | null {
    return (run.summary as unknown as RunSummary | null) ?? null;
  }
}
