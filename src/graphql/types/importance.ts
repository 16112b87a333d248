import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DataSplit, ImportanceMethod, ImportanceTargetKind, RunStatus } from '../enums.js';
import { JSONScalar } from '../scalars.js';

@ObjectType({ description: 'The importance of one feature or neuron of a model under one method.' })
export class ImportanceScore {
  @Field(() => ImportanceMethod) method!: ImportanceMethod;
  @Field(() => ImportanceTargetKind) targetKind!: ImportanceTargetKind;
  @Field(() => Int, { nullable: true, description: 'Hidden layer index for neurons; null for features.' })
  layer!: number | null;
  @Field(() => Int) index!: number;
  @Field(() => String) name!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float, { nullable: true }) std!: number | null;
  @Field(() => Float, { nullable: true, description: 'Signed mean, for methods with a sign.' })
  signedValue!: number | null;
  @Field(() => Int, { description: '1 for the most important.' })
  rank!: number;
  @Field(() => Boolean, { description: 'True for the score of a whole one-hot encoded column.' })
  isGroup!: boolean;
  @Field(() => Int) sampleCount!: number;
  @Field(() => Int) seed!: number;
}

@ObjectType({ description: 'A check of a method against its own axiom, such as completeness of integrated gradients.' })
export class SelfCheck {
  @Field(() => String) name!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float) tolerance!: number;
  @Field(() => Boolean) passed!: boolean;
  @Field(() => String) detail!: string;
}

@ObjectType({ description: 'One computation of one importance method on one model, with its ranked scores.' })
export class Importance {
  @Field(() => ID) id!: string;
  @Field(() => ImportanceMethod) method!: ImportanceMethod;
  @Field(() => ImportanceTargetKind) targetKind!: ImportanceTargetKind;
  @Field(() => DataSplit) split!: DataSplit;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => JSONScalar) options!: unknown;
  @Field(() => Int) seed!: number;
  @Field(() => Int) sampleCount!: number;
  @Field(() => Int) skippedSamples!: number;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
  @Field(() => [SelfCheck]) checks!: SelfCheck[];
  @Field(() => [String]) notes!: string[];
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => [ImportanceScore]) scores!: ImportanceScore[];

  modelId!: string;
}

@InputType()
export class ComputeImportanceInput {
  @Field(() => ID) modelId!: string;
  @Field(() => ImportanceMethod) method!: ImportanceMethod;
  @Field(() => DataSplit, { nullable: true, defaultValue: 'TEST' }) split?: DataSplit | null;
  @Field(() => Int, { nullable: true, description: 'Rows explained by per-sample methods (default 200).' })
  samples?: number | null;
  @Field(() => Int, { nullable: true, description: 'Shuffles per feature for PERMUTATION (default 5).' })
  repeats?: number | null;
  @Field(() => Int, { nullable: true, defaultValue: 42 }) seed?: number | null;
  @Field(() => Int, { nullable: true, description: 'Integrated gradients steps (default 50).' })
  steps?: number | null;
  @Field(() => Int, { nullable: true, description: 'Background rows for KERNEL_SHAP (default 100).' })
  backgroundSize?: number | null;
  @Field(() => Int, { nullable: true, description: 'Coalitions for KERNEL_SHAP (default 2·M + 2048) or perturbations for LIME (default 5000).' })
  perturbations?: number | null;
  @Field(() => Float, { nullable: true, description: 'LIME kernel width (default 0.75·sqrt(M)).' })
  kernelWidth?: number | null;
  @Field(() => Float, { nullable: true, description: 'RELATIVE_SENSITIVITY skips samples with |y| below this.' })
  epsilon?: number | null;
  @Field(() => Int, { nullable: true, description: 'Class index to explain; default is each row predicted class.' })
  targetClass?: number | null;
}
