import GraphQLUpload from 'graphql-upload/GraphQLUpload.mjs';
import type { FileUpload } from 'graphql-upload/Upload.mjs';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MissingValueStrategy, SyntheticKind, Task } from '../enums.js';
import { connectionTypes } from '../pagination.js';
import { JSONScalar, SafeIntScalar } from '../scalars.js';

@ObjectType({ description: 'Statistics of one encoded feature over all rows of the dataset.' })
export class FeatureStatistics {
  @Field(() => String) name!: string;
  @Field(() => Float) mean!: number;
  @Field(() => Float) std!: number;
  @Field(() => Float) min!: number;
  @Field(() => Float) max!: number;
}

@ObjectType({ description: 'Number of missing values in one source column.' })
export class ColumnMissingCount {
  @Field(() => String) column!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Rows in each part of the seeded train/validation/test split.' })
export class SplitSizes {
  @Field(() => Int) train!: number;
  @Field(() => Int) validation!: number;
  @Field(() => Int) test!: number;
}

@ObjectType({ description: 'A source column and the encoded features it became (several for a one-hot column).' })
export class FeatureGroup {
  @Field(() => String) name!: string;
  @Field(() => [String]) features!: string[];
}

@ObjectType({ description: 'A registered tabular dataset: encoded numeric features and one target.' })
export class Dataset {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Task) task!: Task;
  @Field(() => String) targetColumn!: string;
  @Field(() => [String], { description: 'Encoded feature names, such as `sex=Female` for a one-hot column.' })
  featureNames!: string[];
  @Field(() => [String], { description: 'Class labels in class-index order; empty for regression.' })
  classLabels!: string[];
  @Field(() => Int) rowCount!: number;
  @Field(() => Int) featureCount!: number;
  @Field(() => String, { description: 'SHA-256 of the canonical encoded content.' })
  contentHash!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => [String], { description: 'Feature columns of the source file, before encoding.' })
  sourceColumns!: string[];
  @Field(() => MissingValueStrategy) missingValues!: MissingValueStrategy;
  @Field(() => [ColumnMissingCount]) missingCounts!: ColumnMissingCount[];
  @Field(() => Int, { description: 'Rows removed because of missing values (DROP_ROWS).' })
  droppedRows!: number;
  @Field(() => Int) seed!: number;
  @Field(() => SplitSizes) splitSizes!: SplitSizes;
  @Field(() => [FeatureStatistics]) featureStats!: FeatureStatistics[];
  @Field(() => [FeatureGroup]) featureGroups!: FeatureGroup[];
  @Field(() => JSONScalar, { description: 'Per source column: numeric, one-hot or ordinal, with the category order.' })
  encoding!: unknown;
  @Field(() => SafeIntScalar, { description: 'Bytes of the stored matrix, target and split.' })
  sizeBytes!: number;
}

export const { ConnectionType: DatasetConnection } = connectionTypes('Dataset', Dataset);

@InputType({ description: 'Category order of a text column that a model expects as integer codes 0, 1, 2, …' })
export class OrdinalEncodingInput {
  @Field(() => String) column!: string;
  @Field(() => [String]) categories!: string[];
}

@InputType()
export class CreateDatasetInput {
  @Field(() => String) name!: string;

  @Field(() => GraphQLUpload, { nullable: true, description: 'The CSV as a multipart upload (graphql-upload convention).' })
  file?: Promise<FileUpload> | null;

  @Field(() => String, { nullable: true, description: 'The CSV as text, when no file is uploaded.' })
  csv?: string | null;

  @Field(() => String) targetColumn!: string;

  @Field(() => Task, { nullable: true, description: 'Inferred from the target when omitted.' })
  task?: Task | null;

  @Field(() => MissingValueStrategy, { nullable: true, defaultValue: 'DROP_ROWS' })
  missingValues?: MissingValueStrategy | null;

  @Field(() => Int, { nullable: true, defaultValue: 42, description: 'Seed of the train/validation/test split.' })
  seed?: number | null;

  @Field(() => [String], { nullable: true, description: 'Column names for a file without a header row.' })
  columnNames?: string[] | null;

  @Field(() => [OrdinalEncodingInput], { nullable: true })
  ordinalEncodings?: OrdinalEncodingInput[] | null;

  @Field(() => Float, { nullable: true, defaultValue: 0.15 })
  validationFraction?: number | null;

  @Field(() => Float, { nullable: true, defaultValue: 0.15 })
  testFraction?: number | null;
}

@InputType()
export class CreateSyntheticDatasetInput {
  @Field(() => SyntheticKind) kind!: SyntheticKind;
  @Field(() => Int, { defaultValue: 1000 }) rows!: number;
  @Field(() => Float, { defaultValue: 1 }) noise!: number;
  @Field(() => Int, { defaultValue: 42 }) seed!: number;
  @Field(() => String, { nullable: true }) name?: string | null;
}

@InputType()
export class DatasetFilter {
  @Field(() => Task, { nullable: true }) task?: Task | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name.' })
  nameContains?: string | null;
}
