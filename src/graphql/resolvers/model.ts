import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { ImportanceMethod } from '../enums.js';
import { notFound, requireUuid } from '../errors.js';
import { pageSize } from '../pagination.js';
import { Dataset } from '../types/dataset.js';
import { Importance } from '../types/importance.js';
import {
  ImportModelInput,
  Interpretability,
  Model,
  ModelConnection,
  ModelFilter,
  Prediction,
  PredictionRowInput,
  SplitMetrics,
  TrainingProgress,
  TrainModelInput,
} from '../types/model.js';
import { CompressionRun } from '../types/run.js';
import { importModel, listModels, predictRows, queueTraining } from '../../services/models.js';
import { interpretabilityFromScores, latestImportance } from '../../services/importanceQueries.js';
import type { ModelRow } from '../loaders.js';
import { SafeIntScalar } from '../scalars.js';

@ArgsType()
class ModelsArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
  @Field(() => ModelFilter, { nullable: true }) filter?: ModelFilter | null;
}

@Resolver(() => Model)
export class ModelResolver {
  @Query(() => Model, { nullable: true })
  async model(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<ModelRow | null> {
    const row = await context.loaders.model.load(requireUuid('Model', id));
    if (!row) throw notFound('Model', id);
    return row;
  }

  @Query(() => ModelConnection)
  async models(@Args(() => ModelsArgs) args: ModelsArgs, @Ctx() context: Context) {
    return listModels(context.db, pageSize(args.first), args.after ?? null, args.filter ?? {});
  }

  @Mutation(() => Model, { description: 'Queues the training of a model; it is returned with status TRAINING.' })
  async trainModel(@Arg('input', () => TrainModelInput) input: TrainModelInput, @Ctx() context: Context): Promise<ModelRow> {
    return queueTraining(context, input);
  }

  @Mutation(() => Model, { description: 'Imports a tfjs layers model (model.json plus weights) for a dataset whose features match its inputs.' })
  async importModel(@Arg('input', () => ImportModelInput) input: ImportModelInput, @Ctx() context: Context): Promise<ModelRow> {
    return importModel(context, input);
  }

  @Query(() => [Prediction], { description: 'Predicts up to 10,000 rows given as feature values by source column name.' })
  async predict(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('rows', () => [PredictionRowInput]) rows: PredictionRowInput[],
    @Ctx() context: Context,
  ): Promise<Prediction[]> {
    return predictRows(context, modelId, rows.map((row) => row.values));
  }

  @FieldResolver(() => Dataset)
  async dataset(@Root() model: ModelRow, @Ctx() context: Context) {
    const dataset = await context.loaders.dataset.load(model.datasetId);
    if (!dataset) throw notFound('Dataset', model.datasetId);
    return dataset;
  }

  @FieldResolver(() => [SplitMetrics])
  metrics(@Root() model: ModelRow): SplitMetrics[] {
    return (model.metrics as unknown as SplitMetrics[] | null) ?? [];
  }

  @FieldResolver(() => Interpretability, { nullable: true })
  async interpretability(
    @Root() model: ModelRow,
    @Arg('method', () => ImportanceMethod, { defaultValue: 'PERMUTATION', description: 'Feature importance method the measures come from; it must have been computed for this model.' })
    method: ImportanceMethod,
    @Ctx() context: Context,
  ): Promise<Interpretability | null> {
    const stored = (model.interpretability as unknown as Interpretability | null) ?? null;
    if (!stored || stored.method === method) return stored;
    return interpretabilityFromScores(context, model.id, method, stored.activeFeatures);
  }

  @FieldResolver(() => TrainingProgress, { nullable: true })
  progress(@Root() model: ModelRow): TrainingProgress | null {
    return (model.progress as unknown as TrainingProgress | null) ?? null;
  }

  @FieldResolver(() => SafeIntScalar)
  sizeBytes(@Root() model: ModelRow): number {
    return Number(model.sizeBytes);
  }

  @FieldResolver(() => CompressionRun, { nullable: true, description: 'The compression run that produced this model, if any.' })
  async producedBy(@Root() model: ModelRow, @Ctx() context: Context) {
    return model.producedByRunId ? context.loaders.run.load(model.producedByRunId) : null;
  }

  @FieldResolver(() => Importance, { nullable: true, description: 'The latest importance computation of this method, with scores ranked.' })
  async importance(
    @Root() model: ModelRow,
    @Arg('method', () => ImportanceMethod, { defaultValue: 'PERMUTATION' }) method: ImportanceMethod,
    @Ctx() context: Context,
  ) {
    return latestImportance(context, model.id, method);
  }
}
