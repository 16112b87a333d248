import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import {
  CompressionMethod,
  ImportanceMethod,
  NeuronCriterion,
  OrderDirection,
  PruningSchedule,
  PruningScope,
  RunOrderField,
  RunStatus,
  WeightCriterion,
} from '../enums.js';
import { connectionTypes } from '../pagination.js';
import { JSONScalar, SafeIntScalar } from '../scalars.js';
import { Interpretability, SplitMetrics } from './model.js';

@ObjectType({ description: 'A feature importance value of both models of a comparison.' })
export class FeatureComparison {
  @Field(() => String) name!: string;
  @Field(() => Float) base!: number;
  @Field(() => Float) other!: number;
  @Field(() => Int) baseRank!: number;
  @Field(() => Int) otherRank!: number;
}

@ObjectType({ description: 'How far the explanation of one model moved from another, on the same rows and method.' })
export class ExplanationComparison {
  @Field(() => String) method!: string;
  @Field(() => Float, { nullable: true }) spearman!: number | null;
  @Field(() => Float, { nullable: true }) kendall!: number | null;
  @Field(() => Float, { description: '|top-k(A) ∩ top-k(B)| / k.' }) featureAgreement!: number;
  @Field(() => Float, { description: 'Share of the k positions that hold the same feature.' }) rankAgreement!: number;
  @Field(() => Float, { description: 'Share of common top-k features with the same sign.' }) signAgreement!: number;
  @Field(() => Int) k!: number;
  @Field(() => Float, { nullable: true, description: 'Class agreement rate, or R² of the other outputs against the base outputs.' })
  fidelity!: number | null;
  @Field(() => [FeatureComparison]) features!: FeatureComparison[];
}

@ObjectType({ description: 'A test row whose prediction changed most under compression.' })
export class PrunedExemplar {
  @Field(() => Int, { description: 'Row index in the dataset.' }) row!: number;
  @Field(() => Float, { description: 'Prediction before: the value, or the predicted class index.' }) before!: number;
  @Field(() => Float, { description: 'Prediction after: the value, or the predicted class index.' }) after!: number;
  @Field(() => Float, { description: 'L1 distance between the two output rows.' }) change!: number;
  @Field(() => Boolean, { description: 'True when the predicted class differs.' }) classChanged!: boolean;
}

@ObjectType({ description: 'A removed hidden unit.' })
export class RemovedNeuron {
  @Field(() => Int) layer!: number;
  @Field(() => Int) index!: number;
  @Field(() => String) name!: string;
}

@ObjectType({ description: 'What a compression run lost and gained, measured on the same test split before and after.' })
export class RunSummary {
  @Field(() => SplitMetrics) metricsBefore!: SplitMetrics;
  @Field(() => SplitMetrics) metricsAfter!: SplitMetrics;
  @Field(() => Float, { nullable: true, description: 'Accuracy (classification) or R² (regression) before minus after.' })
  accuracyDrop!: number | null;
  @Field(() => SafeIntScalar) parametersBefore!: number;
  @Field(() => SafeIntScalar) parametersAfter!: number;
  @Field(() => SafeIntScalar) nonZeroBefore!: number;
  @Field(() => SafeIntScalar) nonZeroAfter!: number;
  @Field(() => SafeIntScalar) sizeBytesBefore!: number;
  @Field(() => SafeIntScalar) sizeBytesAfter!: number;
  @Field(() => Float, { description: 'Share of prunable weights that are zero after the run.' }) sparsity!: number;
  @Field(() => Int) featuresBefore!: number;
  @Field(() => Int) featuresAfter!: number;
  @Field(() => [String]) removedFeatures!: string[];
  @Field(() => [RemovedNeuron]) removedNeurons!: RemovedNeuron[];
  @Field(() => Float, { nullable: true }) fidelity!: number | null;
  @Field(() => ExplanationComparison) explanation!: ExplanationComparison;
  @Field(() => Interpretability, { nullable: true }) interpretabilityBefore!: Interpretability | null;
  @Field(() => Interpretability, { nullable: true }) interpretabilityAfter!: Interpretability | null;
  @Field(() => [PrunedExemplar]) exemplars!: PrunedExemplar[];
  @Field(() => JSONScalar, { nullable: true, description: 'Method-specific details: schedule, per-layer sparsity, ranking.' })
  details!: unknown;
}

@ObjectType({ description: 'One application of one compression method to one source model.' })
export class CompressionRun {
  @Field(() => ID) id!: string;
  @Field(() => CompressionMethod) method!: CompressionMethod;
  @Field(() => JSONScalar, { description: 'The resolved configuration, defaults included.' }) config!: unknown;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => Float, { description: 'From 0 to 1.' }) progress!: number;
  @Field(() => String, { nullable: true, description: 'scoring, pruning, fine-tuning, evaluating or explaining.' })
  phase!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => String, { nullable: true }) workerId!: string | null;
  @Field(() => Int) seed!: number;
  @Field(() => String, { nullable: true }) idempotencyKey!: string | null;
  @Field(() => Date) queuedAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;

  sourceModelId!: string;
  datasetId!: string;
  summaryJson!: unknown;
}

export const { ConnectionType: CompressionRunConnection } = connectionTypes('CompressionRun', CompressionRun);

@InputType()
export class WeightPruningInput {
  @Field(() => Float, { description: 'Target share of prunable weights set to zero, in [0, 1).' }) sparsity!: number;
  @Field(() => PruningScope, { nullable: true, defaultValue: 'GLOBAL' }) scope?: PruningScope | null;
  @Field(() => WeightCriterion, { nullable: true, defaultValue: 'MAGNITUDE' }) criterion?: WeightCriterion | null;
  @Field(() => PruningSchedule, { nullable: true, defaultValue: 'ONE_SHOT' }) schedule?: PruningSchedule | null;
  @Field(() => Int, { nullable: true, description: 'Pruning steps of the POLYNOMIAL schedule (default 5).' }) steps?: number | null;
  @Field(() => Int, { nullable: true, defaultValue: 5 }) fineTuneEpochs?: number | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) includeBiases?: boolean | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) includeOutputLayer?: boolean | null;
}

@InputType({ description: 'Give exactly one of keep, fraction and threshold.' })
export class FeatureSelectionInput {
  @Field(() => Int, { nullable: true, description: 'Number of source columns to keep.' }) keep?: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of source columns to keep, in (0, 1].' }) fraction?: number | null;
  @Field(() => Float, { nullable: true, description: 'Keep columns whose importance is at least this.' }) threshold?: number | null;
  @Field(() => ImportanceMethod, { nullable: true, defaultValue: 'PERMUTATION' }) importanceMethod?: ImportanceMethod | null;
  @Field(() => Int, { nullable: true, description: 'Recursive elimination: columns dropped per round; omit for one round.' }) step?: number | null;
  @Field(() => Int, { nullable: true, defaultValue: 20 }) fineTuneEpochs?: number | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Retrain from scratch on the kept features; false fine-tunes the sliced model.' })
  retrain?: boolean | null;
}

@InputType({ description: 'Give exactly one of fraction and count.' })
export class NeuronPruningInput {
  @Field(() => Float, { nullable: true, description: 'Share of units removed from each hidden layer, in (0, 1).' }) fraction?: number | null;
  @Field(() => Int, { nullable: true, description: 'Units removed across all hidden layers.' }) count?: number | null;
  @Field(() => NeuronCriterion, { nullable: true, defaultValue: 'WEIGHT_L1' }) criterion?: NeuronCriterion | null;
  @Field(() => Int, { nullable: true, defaultValue: 5 }) fineTuneEpochs?: number | null;
}

@InputType()
export class CompressModelInput {
  @Field(() => ID) modelId!: string;
  @Field(() => CompressionMethod) method!: CompressionMethod;
  @Field(() => WeightPruningInput, { nullable: true }) weightPruning?: WeightPruningInput | null;
  @Field(() => FeatureSelectionInput, { nullable: true }) featureSelection?: FeatureSelectionInput | null;
  @Field(() => NeuronPruningInput, { nullable: true }) neuronPruning?: NeuronPruningInput | null;
  @Field(() => ImportanceMethod, { nullable: true, defaultValue: 'PERMUTATION', description: 'Method of the explanation comparison.' })
  comparisonMethod?: ImportanceMethod | null;
  @Field(() => Int, { nullable: true, defaultValue: 5, description: 'k of the top-k agreement measures.' }) k?: number | null;
  @Field(() => Int, { nullable: true, defaultValue: 42 }) seed?: number | null;
  @Field(() => String, { nullable: true, description: 'Repeating a key with the same input returns the same run.' })
  idempotencyKey?: string | null;
}

@InputType()
export class CompressionRunFilter {
  @Field(() => ID, { nullable: true }) datasetId?: string | null;
  @Field(() => ID, { nullable: true }) sourceModelId?: string | null;
  @Field(() => CompressionMethod, { nullable: true }) method?: CompressionMethod | null;
  @Field(() => RunStatus, { nullable: true }) status?: RunStatus | null;
}

@InputType()
export class CompressionRunOrder {
  @Field(() => RunOrderField, { defaultValue: 'CREATED_AT' }) field!: RunOrderField;
  @Field(() => OrderDirection, { defaultValue: 'DESC' }) direction!: OrderDirection;
}
