import type { Matrix } from './matrix.js';
import type { DenseNetwork, OutputKind } from './network.js';
import { outputUnits, validateShapeConfig } from './build.js';
import type { TrainConfig, TrainData, TrainOptions } from './train.js';

const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad'] as const;

/** Throws on the first invalid training setting, naming it and the fix. */
export function validateTrainConfig(config: TrainConfig, data: TrainData): void {
  if (!Number.isInteger(config.epochs) || config.epochs < 1) throw new Error(`epochs ${config.epochs} is invalid; use a positive integer`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new Error(`batchSize ${config.batchSize} is invalid; use a positive integer`);
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) {
    throw new Error(`learningRate ${config.learningRate} is invalid; use a positive finite number such as 0.001`);
  }
  if (!OPTIMIZERS.includes(config.optimizer)) throw new Error(`optimizer ${String(config.optimizer)} is invalid; use one of ${OPTIMIZERS.join(', ')}`);
  if (!(config.l1 >= 0) || !Number.isFinite(config.l1)) throw new Error(`l1 ${config.l1} is invalid; use 0 or a positive number`);
  if (!(config.l2 >= 0) || !Number.isFinite(config.l2)) throw new Error(`l2 ${config.l2} is invalid; use 0 or a positive number`);
  if (!Number.isInteger(config.seed)) throw new Error(`seed ${config.seed} is invalid; use an integer`);

  const patience = config.earlyStoppingPatience;
  if (patience !== null && (!Number.isInteger(patience) || patience < 1)) {
    throw new Error(`earlyStoppingPatience ${patience} is invalid; use a positive integer or null`);
  }
  if (patience !== null && !data.validation) {
    throw new Error('earlyStoppingPatience needs a validation split; pass data.validation or set earlyStoppingPatience to null');
  }
}

/** Throws when the splits are empty, misshapen, non-finite or hold invalid class indices. */
export function validateTrainData(data: TrainData): void {
  validateSplit('training', data.train, data.trainTarget, data.task, data.classCount);
  if (data.train.rows < 1) throw new Error('the training split has no rows; pass at least one row');

  if (!data.validation !== !data.validationTarget) {
    throw new Error('validation and validationTarget must be passed together; pass both or neither');
  }
  if (data.validation && data.validationTarget) {
    if (data.validation.cols !== data.train.cols) {
      throw new Error(`the validation split has ${data.validation.cols} columns but the training split has ${data.train.cols}; encode both with the same features`);
    }
    if (data.validation.rows < 1) throw new Error('the validation split has no rows; pass at least one row or leave it out');
    validateSplit('validation', data.validation, data.validationTarget, data.task, data.classCount);
  }
}

/** Throws when a fine-tuning start network does not fit the data's features and task. */
export function validateInitialNetwork(initial: DenseNetwork, data: TrainData): void {
  if (initial.inputSize !== data.train.cols) {
    throw new Error(`the initial network takes ${initial.inputSize} inputs but the training split has ${data.train.cols} columns; pass data encoded with the network's features`);
  }
  if (initial.outputKind !== data.task) throw new Error(`the initial network predicts ${initial.outputKind} but the data's task is ${data.task}`);
  const units = initial.layers[initial.layers.length - 1].units;
  if (units !== outputUnits(data.task, data.classCount)) {
    throw new Error(`the initial network has ${units} output units but ${data.task} with ${data.classCount} classes needs ${outputUnits(data.task, data.classCount)}`);
  }
}

/** Throws when a mask list does not match the network's layers and tensor sizes. */
export function validateMasks(network: DenseNetwork, options: TrainOptions): void {
  checkMaskList('masks', options.masks, network, (layer) => layer.kernel.length);
  checkMaskList('biasMasks', options.biasMasks, network, (layer) => layer.bias.length);
}

/** Checks the training inputs that fix the network shape, without building it. */
export function validateNetworkShape(config: TrainConfig, data: TrainData): void {
  validateShapeConfig(config, data.train.cols, data.classCount, data.task);
}

function validateSplit(name: string, matrix: Matrix, target: Float32Array, task: OutputKind, classCount: number): void {
  if (matrix.values.length !== matrix.rows * matrix.cols) {
    throw new Error(`the ${name} matrix has ${matrix.values.length} values for ${matrix.rows} × ${matrix.cols}; pass row-major values of that size`);
  }
  if (target.length !== matrix.rows) throw new Error(`the ${name} split has ${matrix.rows} rows but ${target.length} targets`);

  const badFeature = matrix.values.findIndex((value) => !Number.isFinite(value));
  if (badFeature >= 0) {
    const row = Math.floor(badFeature / matrix.cols);
    throw new Error(`the ${name} split has the non-finite value ${matrix.values[badFeature]} at row ${row}, column ${badFeature % matrix.cols}; impute or drop it`);
  }

  target.forEach((value, row) => {
    if (!Number.isFinite(value)) throw new Error(`the ${name} target at row ${row} is ${value}; drop or fix that row`);
    if (task !== 'REGRESSION' && (!Number.isInteger(value) || value < 0 || value >= classCount)) {
      throw new Error(`the ${name} target at row ${row} is ${value}; class targets must be integers from 0 to ${classCount - 1}`);
    }
  });
}

function checkMaskList(name: string, masks: Array<Uint8Array | null> | undefined, network: DenseNetwork, expectedLength: (layer: DenseNetwork['layers'][number]) => number): void {
  if (!masks) return;
  if (masks.length !== network.layers.length) throw new Error(`${name} has ${masks.length} entries for ${network.layers.length} layers; pass one per layer (null keeps a layer unmasked)`);
  masks.forEach((mask, index) => {
    if (mask && mask.length !== expectedLength(network.layers[index])) {
      throw new Error(`${name}[${index}] has ${mask.length} values but layer ${index} has ${expectedLength(network.layers[index])}`);
    }
  });
}
