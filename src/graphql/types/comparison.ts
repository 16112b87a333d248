import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CompressionMethod, RunStatus } from '../enums.js';
import { JSONScalar, SafeIntScalar } from '../scalars.js';

export const HeadlineMetric = { ACCURACY: 'ACCURACY', R2: 'R2' } as const;
export type HeadlineMetric = (typeof HeadlineMetric)[keyof typeof HeadlineMetric];

registerEnumType(HeadlineMetric, { name: 'HeadlineMetric', description: 'Test-split score of a run: ACCURACY for classifiers, R2 for regression.' });

@ObjectType({ description: 'One compression run as a row of a comparison table; summary fields are null until the run SUCCEEDED.' })
export class RunComparisonRow {
  @Field(() => ID) id!: string;
  @Field(() => CompressionMethod) method!: CompressionMethod;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => JSONScalar, { description: 'The resolved configuration, defaults included.' }) config!: unknown;
  @Field(() => ID) sourceModelId!: string;
  @Field(() => ID, { nullable: true }) resultModelId!: string | null;
  @Field(() => ID) datasetId!: string;
  @Field(() => HeadlineMetric) metric!: HeadlineMetric;
  @Field(() => Float, { nullable: true }) metricBefore!: number | null;
  @Field(() => Float, { nullable: true }) metricAfter!: number | null;
  @Field(() => Float, { nullable: true, description: 'metricBefore minus metricAfter.' }) accuracyDrop!: number | null;
  @Field(() => SafeIntScalar, { nullable: true }) parametersBefore!: number | null;
  @Field(() => SafeIntScalar, { nullable: true }) parametersAfter!: number | null;
  @Field(() => SafeIntScalar, { nullable: true }) nonZeroBefore!: number | null;
  @Field(() => SafeIntScalar, { nullable: true }) nonZeroAfter!: number | null;
  @Field(() => SafeIntScalar, { nullable: true }) sizeBytesBefore!: number | null;
  @Field(() => SafeIntScalar, { nullable: true }) sizeBytesAfter!: number | null;
  @Field(() => Float, { nullable: true }) sparsity!: number | null;
  @Field(() => Int, { nullable: true }) featuresBefore!: number | null;
  @Field(() => Int, { nullable: true }) featuresAfter!: number | null;
  @Field(() => Float, { nullable: true, description: 'Class agreement, or R² of the result outputs against the source outputs.' })
  fidelity!: number | null;
  @Field(() => Float, { nullable: true }) spearman!: number | null;
  @Field(() => Float, { nullable: true }) kendall!: number | null;
  @Field(() => Float, { nullable: true }) featureAgreement!: number | null;
  @Field(() => Float, { nullable: true }) rankAgreement!: number | null;
  @Field(() => Float, { nullable: true }) signAgreement!: number | null;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}
