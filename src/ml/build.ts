import { createRandom, deriveSeed } from '../core/random.js';
import type { Activation, Architecture, DenseLayer, DenseNetwork, OutputKind } from './network.js';

/** The part of a training configuration that fixes the network's shape and initial weights. */
export interface NetworkShapeConfig {
  architecture: Architecture;
  hiddenUnits: number[];
  activation: Activation;
  seed: number;
}

const ARCHITECTURES: readonly Architecture[] = ['LINEAR', 'LOGISTIC', 'MLP'];
const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu'];

/**
 * Creates an untrained network: glorot-uniform kernels seeded per layer from
 * `config.seed`, zero biases and identity standardization (mean 0, scale 1).
 * LINEAR is one linear unit, LOGISTIC one sigmoid unit (binary) or
 * `classCount` softmax units, and MLP adds `hiddenUnits` layers in front.
 */
export function createNetwork(config: NetworkShapeConfig, inputSize: number, classCount: number, task: OutputKind): DenseNetwork {
  validateShapeConfig(config, inputSize, classCount, task);

  const hiddenUnits = config.architecture === 'MLP' ? config.hiddenUnits : [];
  const sizes = [inputSize, ...hiddenUnits, outputUnits(task, classCount)];
  const layers: DenseLayer[] = [];
  for (let index = 0; index < sizes.length - 1; index++) {
    const isOutput = index === sizes.length - 2;
    const activation = isOutput ? outputActivation(task) : config.activation;
    layers.push(glorotUniformLayer(sizes[index], sizes[index + 1], activation, deriveSeed(config.seed, `layer${index}`)));
  }

  return {
    architecture: config.architecture,
    outputKind: task,
    inputSize,
    inputMean: new Float32Array(inputSize),
    inputScale: new Float32Array(inputSize).fill(1),
    layers,
  };
}

/** Returns the number of output units: 1 for regression and binary, one per class otherwise. */
export function outputUnits(task: OutputKind, classCount: number): number {
  return task === 'MULTICLASS' ? classCount : 1;
}

/** Returns the output activation of a task: linear, sigmoid or softmax. */
export function outputActivation(task: OutputKind): Activation {
  if (task === 'REGRESSION') return 'linear';
  return task === 'BINARY' ? 'sigmoid' : 'softmax';
}

/** Throws when the architecture, task, class count or layer sizes do not fit together. */
export function validateShapeConfig(config: NetworkShapeConfig, inputSize: number, classCount: number, task: OutputKind): void {
  if (!ARCHITECTURES.includes(config.architecture)) {
    throw new Error(`architecture ${String(config.architecture)} is invalid; use one of ${ARCHITECTURES.join(', ')}`);
  }
  if (!ACTIVATIONS.includes(config.activation)) {
    throw new Error(`activation ${String(config.activation)} is invalid; use one of ${ACTIVATIONS.join(', ')}`);
  }
  if (!Number.isInteger(inputSize) || inputSize < 1) throw new Error(`input size ${inputSize} is invalid; a network needs at least one input feature`);
  if (!Number.isInteger(config.seed)) throw new Error(`seed ${config.seed} is invalid; use an integer`);
  validateTask(task, classCount);

  if (config.architecture === 'LINEAR' && task !== 'REGRESSION') {
    throw new Error(`architecture LINEAR fits regression only, not ${task}; use LOGISTIC or MLP for classification`);
  }
  if (config.architecture === 'LOGISTIC' && task === 'REGRESSION') {
    throw new Error('architecture LOGISTIC fits classification only, not REGRESSION; use LINEAR or MLP for regression');
  }
  if (config.architecture === 'MLP') validateHiddenUnits(config.hiddenUnits);
}

function validateTask(task: OutputKind, classCount: number): void {
  if (task !== 'REGRESSION' && task !== 'BINARY' && task !== 'MULTICLASS') {
    throw new Error(`task ${String(task)} is invalid; use REGRESSION, BINARY or MULTICLASS`);
  }
  if (task === 'REGRESSION' && classCount !== 1) throw new Error(`class count ${classCount} is invalid for REGRESSION; pass 1`);
  if (task === 'BINARY' && classCount !== 2) throw new Error(`class count ${classCount} is invalid for BINARY; pass 2`);
  if (task === 'MULTICLASS' && (!Number.isInteger(classCount) || classCount < 2)) {
    throw new Error(`class count ${classCount} is invalid for MULTICLASS; pass the number of classes (at least 2)`);
  }
}

function validateHiddenUnits(hiddenUnits: number[]): void {
  if (!Array.isArray(hiddenUnits) || hiddenUnits.length === 0) {
    throw new Error('hiddenUnits is empty; an MLP needs at least one hidden layer, e.g. [64, 64]');
  }
  hiddenUnits.forEach((units, index) => {
    if (!Number.isInteger(units) || units < 1) throw new Error(`hiddenUnits[${index}] = ${units} is invalid; use a positive integer`);
  });
}

/** Draws a kernel uniformly from ±sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio 2010) and zero biases. */
function glorotUniformLayer(inputSize: number, units: number, activation: Activation, seed: number): DenseLayer {
  const random = createRandom(seed);
  const limit = Math.sqrt(6 / (inputSize + units));
  const kernel = new Float32Array(inputSize * units);
  for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * random.next() - 1) * limit;
  return { inputSize, units, activation, kernel, bias: new Float32Array(units) };
}
