import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { notFound, requireUuid } from '../errors.js';
import { pageSize } from '../pagination.js';
import {
  ColumnMissingCount,
  CreateDatasetInput,
  CreateSyntheticDatasetInput,
  Dataset,
  DatasetConnection,
  DatasetFilter,
  FeatureGroup,
} from '../types/dataset.js';
import type { DatasetRow } from '../loaders.js';
import { SafeIntScalar } from '../scalars.js';
import { createDataset, createSyntheticDataset, deleteDataset, listDatasets } from '../../services/datasets.js';

@ArgsType()
class DatasetsArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
  @Field(() => DatasetFilter, { nullable: true }) filter?: DatasetFilter | null;
}

@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => Dataset, { nullable: true })
  async dataset(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<DatasetRow | null> {
    const row = await context.loaders.dataset.load(requireUuid('Dataset', id));
    if (!row) throw notFound('Dataset', id);
    return row;
  }

  @Query(() => DatasetConnection, { description: 'Datasets, newest first.' })
  async datasets(@Args(() => DatasetsArgs) args: DatasetsArgs, @Ctx() context: Context) {
    return listDatasets(context.db, pageSize(args.first), args.after ?? null, args.filter ?? {});
  }

  @Mutation(() => Dataset, { description: 'Registers a CSV dataset from a multipart upload or inline text.' })
  async createDataset(@Arg('input', () => CreateDatasetInput) input: CreateDatasetInput, @Ctx() context: Context) {
    return createDataset(context, input);
  }

  @Mutation(() => Dataset, { description: 'Generates a dataset with a known ground truth, such as FRIEDMAN1.' })
  async createSyntheticDataset(@Arg('input', () => CreateSyntheticDatasetInput) input: CreateSyntheticDatasetInput, @Ctx() context: Context) {
    return createSyntheticDataset(context, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes a dataset; rejected with CONFLICT while models use it.' })
  async deleteDataset(@Arg('id', () => ID) id: string, @Ctx() context: Context) {
    return deleteDataset(context, id);
  }

  @FieldResolver(() => [ColumnMissingCount])
  missingCounts(@Root() dataset: DatasetRow): ColumnMissingCount[] {
    return Object.entries(dataset.missingCounts as Record<string, number>).map(([column, count]) => ({ column, count }));
  }

  @FieldResolver(() => [FeatureGroup])
  featureGroups(@Root() dataset: DatasetRow): FeatureGroup[] {
    const groups = dataset.featureGroups as unknown as Array<{ name: string; columns: number[] }>;
    return groups.map((group) => ({ name: group.name, features: group.columns.map((c) => dataset.featureNames[c]) }));
  }

  @FieldResolver(() => SafeIntScalar)
  sizeBytes(@Root() dataset: DatasetRow): number {
    return Number(dataset.sizeBytes);
  }
}
