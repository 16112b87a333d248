import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Activation, Architecture, DataSplit, ModelStatus, Optimizer } from '../enums.js';
import { connectionTypes } from '../pagination.js';
import { JSONScalar, SafeIntScalar } from '../scalars.js';

@ObjectType({ description: 'Evaluation of a model on one split; fields that do not apply to the task are null.' })
export class SplitMetrics {
  @Field(() => DataSplit) split!: DataSplit;
  @Field(() => Int) rows!: number;
  @Field(() => Float, { nullable: true }) accuracy!: number | null;
  @Field(() => Float, { nullable: true }) r2!: number | null;
  @Field(() => Float, { nullable: true }) rmse!: number | null;
  @Field(() => Float, { nullable: true }) mae!: number | null;
  @Field(() => Float, { nullable: true }) logLoss!: number | null;
  @Field(() => Float, { nullable: true }) macroF1!: number | null;
  @Field(() => Float, { nullable: true }) rocAuc!: number | null;
}

@ObjectType({ description: 'How simple the explanation of a model is, from one importance method.' })
export class Interpretability {
  @Field(() => String) method!: string;
  @Field(() => Int, { description: 'Inputs with a non-zero path to the output.' })
  activeFeatures!: number;
  @Field(() => Float, { description: 'exp(entropy) of the normalized absolute importance.' })
  effectiveFeatures!: number;
  @Field(() => Float, { description: 'Gini sparseness of the absolute importance; higher means fewer features matter.' })
  giniSparseness!: number;
}

@ObjectType({ description: 'Training progress, readable while a model trains.' })
export class TrainingProgress {
  @Field(() => Int) epoch!: number;
  @Field(() => Int) epochs!: number;
  @Field(() => Float, { nullable: true }) loss!: number | null;
  @Field(() => Float, { nullable: true }) validationLoss!: number | null;
}

@ObjectType({ description: 'A TensorFlow.js model over some of a dataset features.' })
export class Model {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ModelStatus) status!: ModelStatus;
  @Field(() => Architecture) architecture!: Architecture;
  @Field(() => [String], { description: 'Encoded dataset features the model takes, in input order.' })
  inputFeatures!: string[];
  @Field(() => [Int]) hiddenUnits!: number[];
  @Field(() => String) activation!: string;
  @Field(() => SafeIntScalar) parameterCount!: number;
  @Field(() => SafeIntScalar) nonZeroParameterCount!: number;
  @Field(() => SafeIntScalar, { description: 'Bytes of the stored weights (sparse-aware encoding).' })
  sizeBytes!: number;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the canonical weight bytes.' })
  weightsHash!: string | null;
  @Field(() => String, { nullable: true, description: 'tfjs backend that produced the weights.' })
  backend!: string | null;
  @Field(() => Int) seed!: number;
  @Field(() => String) packageVersion!: string;
  @Field(() => JSONScalar) trainingConfig!: unknown;
  @Field(() => Int, { nullable: true }) trainingDurationMs!: number | null;
  @Field(() => String, { nullable: true, description: 'Why training failed, when status is FAILED.' })
  error!: string | null;
  @Field(() => String, { description: 'TRAINED, IMPORTED or COMPRESSED.' })
  origin!: string;
  @Field(() => Date) createdAt!: Date;

  datasetId!: string;
  producedByRunId!: string | null;
}

export const { ConnectionType: ModelConnection } = connectionTypes('Model', Model);

@InputType()
export class TrainModelInput {
  @Field(() => ID) datasetId!: string;
  @Field(() => String) name!: string;
  @Field(() => Architecture) architecture!: Architecture;
  @Field(() => [Int], { nullable: true, description: 'Units of each hidden layer (MLP only). Default [64, 64].' })
  hiddenUnits?: number[] | null;
  @Field(() => Activation, { nullable: true, defaultValue: 'RELU' }) activation?: Activation | null;
  @Field(() => Int, { nullable: true, defaultValue: 100 }) epochs?: number | null;
  @Field(() => Int, { nullable: true, defaultValue: 32 }) batchSize?: number | null;
  @Field(() => Float, { nullable: true, defaultValue: 0.01 }) learningRate?: number | null;
  @Field(() => Optimizer, { nullable: true, defaultValue: 'ADAM' }) optimizer?: Optimizer | null;
  @Field(() => Float, { nullable: true, defaultValue: 0 }) l1?: number | null;
  @Field(() => Float, { nullable: true, defaultValue: 0 }) l2?: number | null;
  @Field(() => Int, { nullable: true, defaultValue: 42 }) seed?: number | null;
  @Field(() => Int, { nullable: true, defaultValue: 10, description: 'Epochs without validation improvement before stopping; 0 disables early stopping.' })
  earlyStoppingPatience?: number | null;
}

@InputType()
export class ImportModelInput {
  @Field(() => ID) datasetId!: string;
  @Field(() => String) name!: string;
  @Field(() => JSONScalar, { description: 'The model.json of a tfjs layers model.' })
  modelJson!: unknown;
  @Field(() => String, { description: 'The weights file, base64-encoded.' })
  weightsBase64!: string;
}

@InputType()
export class ModelFilter {
  @Field(() => ID, { nullable: true }) datasetId?: string | null;
  @Field(() => Architecture, { nullable: true }) architecture?: Architecture | null;
  @Field(() => ModelStatus, { nullable: true }) status?: ModelStatus | null;
}

@InputType({ description: 'One row to predict: feature values by source column name.' })
export class PredictionRowInput {
  @Field(() => JSONScalar) values!: Record<string, unknown>;
}

@ObjectType()
export class Prediction {
  @Field(() => Float, { nullable: true, description: 'Predicted value (regression).' })
  value!: number | null;
  @Field(() => String, { nullable: true, description: 'Predicted class label (classification).' })
  label!: string | null;
  @Field(() => [Float], { nullable: true, description: 'Class probabilities in class-label order.' })
  probabilities!: number[] | null;
}
