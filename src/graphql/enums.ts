import { registerEnumType } from 'type-graphql';
import {
  Architecture,
  CompressionMethod,
  DataSplit,
  ImportanceMethod,
  ImportanceTargetKind,
  MissingValueStrategy,
  ModelStatus,
  RunStatus,
  Task,
} from '../db/generated/enums.js';

export {
  Architecture,
  CompressionMethod,
  DataSplit,
  ImportanceMethod,
  ImportanceTargetKind,
  MissingValueStrategy,
  ModelStatus,
  RunStatus,
  Task,
};

export const DatabaseMode = { EMBEDDED: 'EMBEDDED', EXTERNAL: 'EXTERNAL' } as const;
export type DatabaseMode = (typeof DatabaseMode)[keyof typeof DatabaseMode];

export const SyntheticKind = { FRIEDMAN1: 'FRIEDMAN1' } as const;
export type SyntheticKind = (typeof SyntheticKind)[keyof typeof SyntheticKind];

export const Activation = { RELU: 'RELU', TANH: 'TANH', SIGMOID: 'SIGMOID', ELU: 'ELU', SELU: 'SELU', LINEAR: 'LINEAR' } as const;
export type Activation = (typeof Activation)[keyof typeof Activation];

export const Optimizer = { ADAM: 'ADAM', SGD: 'SGD', RMSPROP: 'RMSPROP', ADAGRAD: 'ADAGRAD' } as const;
export type Optimizer = (typeof Optimizer)[keyof typeof Optimizer];

export const PruningScope = { LAYER: 'LAYER', GLOBAL: 'GLOBAL' } as const;
export type PruningScope = (typeof PruningScope)[keyof typeof PruningScope];

export const WeightCriterion = { MAGNITUDE: 'MAGNITUDE', TAYLOR: 'TAYLOR', RELATIVE_SENSITIVITY: 'RELATIVE_SENSITIVITY' } as const;
export type WeightCriterion = (typeof WeightCriterion)[keyof typeof WeightCriterion];

export const PruningSchedule = { ONE_SHOT: 'ONE_SHOT', POLYNOMIAL: 'POLYNOMIAL' } as const;
export type PruningSchedule = (typeof PruningSchedule)[keyof typeof PruningSchedule];

export const NeuronCriterion = { WEIGHT_L1: 'WEIGHT_L1', MEAN_ACTIVATION: 'MEAN_ACTIVATION', TAYLOR: 'TAYLOR' } as const;
export type NeuronCriterion = (typeof NeuronCriterion)[keyof typeof NeuronCriterion];

export const LineageDirection = { UPSTREAM: 'UPSTREAM', DOWNSTREAM: 'DOWNSTREAM', BOTH: 'BOTH' } as const;
export type LineageDirection = (typeof LineageDirection)[keyof typeof LineageDirection];

export const RunOrderField = { CREATED_AT: 'CREATED_AT', DURATION: 'DURATION', ACCURACY_DROP: 'ACCURACY_DROP', SPARSITY: 'SPARSITY' } as const;
export type RunOrderField = (typeof RunOrderField)[keyof typeof RunOrderField];

export const OrderDirection = { ASC: 'ASC', DESC: 'DESC' } as const;
export type OrderDirection = (typeof OrderDirection)[keyof typeof OrderDirection];

registerEnumType(Task, { name: 'Task', description: 'Learning task of a dataset.' });
registerEnumType(MissingValueStrategy, { name: 'MissingValueStrategy', description: 'How rows with missing values are handled.' });
registerEnumType(Architecture, { name: 'Architecture' });
registerEnumType(ModelStatus, { name: 'ModelStatus' });
registerEnumType(CompressionMethod, { name: 'CompressionMethod' });
registerEnumType(RunStatus, { name: 'RunStatus' });
registerEnumType(ImportanceMethod, { name: 'ImportanceMethod' });
registerEnumType(ImportanceTargetKind, { name: 'ImportanceTargetKind' });
registerEnumType(DataSplit, { name: 'DataSplit' });
registerEnumType(DatabaseMode, { name: 'DatabaseMode' });
registerEnumType(SyntheticKind, { name: 'SyntheticKind' });
registerEnumType(Activation, { name: 'Activation' });
registerEnumType(Optimizer, { name: 'Optimizer' });
registerEnumType(PruningScope, { name: 'PruningScope' });
registerEnumType(WeightCriterion, { name: 'WeightCriterion' });
registerEnumType(PruningSchedule, { name: 'PruningSchedule' });
registerEnumType(NeuronCriterion, { name: 'NeuronCriterion' });
registerEnumType(LineageDirection, { name: 'LineageDirection' });
registerEnumType(RunOrderField, { name: 'RunOrderField' });
registerEnumType(OrderDirection, { name: 'OrderDirection' });
