import { createRandom } from '../../src/core/random.js';
import type { ExplainInput } from '../../src/explain/types.js';
import type { Matrix } from '../../src/ml/matrix.js';
import type { Activation, DenseLayer, DenseNetwork, OutputKind } from '../../src/ml/network.js';

/**
 * Builds a LINEAR network computing f(x) = Σ β_j x_j + intercept on raw inputs
 * while standardizing with the given mean and scale, so attributions must see
 * through the standardization.
 */
export function linearNetwork(beta: number[], intercept: number, mean: number[], scale: number[]): DenseNetwork {
  const kernel = Float32Array.from(beta, (b, j) => b * scale[j]);
  const bias = Float32Array.of(intercept + beta.reduce((sum, b, j) => sum + b * mean[j], 0));
  return {
    architecture: 'LINEAR',
    outputKind: 'REGRESSION',
    inputSize: beta.length,
    inputMean: Float32Array.from(mean),
    inputScale: Float32Array.from(scale),
    layers: [{ inputSize: beta.length, units: 1, activation: 'linear', kernel, bias }],
  };
}

/** Builds an MLP with seeded uniform weights in ±sqrt(3 / fanIn) and a non-trivial standardization. */
export function randomMlp(inputSize: number, hidden: number[], task: OutputKind, classCount: number, seed: number, activation: Activation = 'tanh'): DenseNetwork {
  const random = createRandom(seed);
  const outputUnits = task === 'MULTICLASS' ? classCount : 1;
  let outputActivation: Activation = 'softmax';
  if (task === 'REGRESSION') outputActivation = 'linear';
  if (task === 'BINARY') outputActivation = 'sigmoid';
  const sizes = [inputSize, ...hidden, outputUnits];

  const layers: DenseLayer[] = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    const limit = Math.sqrt(3 / sizes[l]);
    layers.push({
      inputSize: sizes[l],
      units: sizes[l + 1],
      activation: l === sizes.length - 2 ? outputActivation : activation,
      kernel: Float32Array.from({ length: sizes[l] * sizes[l + 1] }, () => (2 * random.next() - 1) * limit),
      bias: Float32Array.from({ length: sizes[l + 1] }, () => 0.2 * (2 * random.next() - 1)),
    });
  }

  return {
    architecture: 'MLP',
    outputKind: task,
    inputSize,
    inputMean: Float32Array.from({ length: inputSize }, (_, j) => 0.5 * j - 1),
    inputScale: Float32Array.from({ length: inputSize }, (_, j) => 0.5 + 0.25 * j),
    layers,
  };
}

/** Returns a matrix of seeded normal values, column j centered at `mean[j]` with spread `scale[j]`. */
export function normalMatrix(rows: number, mean: number[], scale: number[], seed: number): Matrix {
  const random = createRandom(seed);
  const cols = mean.length;
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[r * cols + c] = mean[c] + scale[c] * random.normal();
  return { rows, cols, values };
}

/** Builds an explain input with default names x0…, zero labels unless given, and seed 7. */
export function explainInput(network: DenseNetwork, data: Matrix, background: Matrix, overrides: Partial<ExplainInput> = {}): ExplainInput {
  const task = network.outputKind;
  let classCount = 1;
  if (task === 'BINARY') classCount = 2;
  if (task === 'MULTICLASS') classCount = network.layers[network.layers.length - 1].units;
  return {
    network,
    task,
    classCount,
    data,
    target: new Float32Array(data.rows),
    background,
    featureNames: Array.from({ length: network.inputSize }, (_, j) => `x${j}`),
    seed: 7,
    ...overrides,
  };
}

/** Returns row `r` of a matrix as a plain array. */
export function rowOf(matrix: Matrix, r: number): number[] {
  return Array.from(matrix.values.subarray(r * matrix.cols, (r + 1) * matrix.cols));
}

/** Returns the column means of a matrix in float64. */
export function meansOf(matrix: Matrix): number[] {
  const means = new Array<number>(matrix.cols).fill(0);
  for (let r = 0; r < matrix.rows; r++) for (let c = 0; c < matrix.cols; c++) means[c] += matrix.values[r * matrix.cols + c] / matrix.rows;
  return means;
}
