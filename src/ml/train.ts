import * as tf from '@tensorflow/tfjs';
import { createRandom, deriveSeed, permutation, type Random } from '../core/random.js';
import { createNetwork } from './build.js';
import { activate, standardize } from './forward.js';
import { lossFromLogits, targetTensor, weightPenalty } from './loss.js';
import type { Matrix } from './matrix.js';
import { cloneNetwork, type Activation, type Architecture, type DenseNetwork, type OutputKind } from './network.js';
import { fitStandardization } from './standardization.js';
import { fitTargetScaling, foldTargetScaling, scaleTargets, unfoldTargetScaling, type TargetScaling } from './targetScaling.js';
import { validateInitialNetwork, validateMasks, validateNetworkShape, validateTrainConfig, validateTrainData } from './trainValidation.js';

export interface TrainConfig {
  /** LINEAR (regression, one linear unit), LOGISTIC (one sigmoid unit or k softmax units) or MLP. */
  architecture: Architecture;
  /** Units of each hidden layer; MLP only. */
  hiddenUnits: number[];
  /** Hidden-layer activation, usually 'relu'. */
  activation: Activation;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd' | 'rmsprop' | 'adagrad';
  /** Penalty weights on the kernels: l1·Σ|w| + l2·Σw². */
  l1: number;
  l2: number;
  seed: number;
  /** Epochs without validation-loss improvement before stopping; the best weights are returned. */
  earlyStoppingPatience: number | null;
}

export interface TrainData {
  task: OutputKind;
  /** 1 for regression, 2 for binary, the number of classes for multiclass. */
  classCount: number;
  /** Raw encoded features, not standardized. */
  train: Matrix;
  /** Target value (regression) or class index (classification) per row. */
  trainTarget: Float32Array;
  validation?: Matrix;
  validationTarget?: Float32Array;
}

export interface EpochProgress {
  epoch: number;
  epochs: number;
  loss: number;
  validationLoss: number | null;
}

export interface TrainOptions {
  /** Fine-tunes from these weights and keeps its inputMean and inputScale. */
  initial?: DenseNetwork;
  /** Per-layer kernel mask (1 keep, 0 pruned); pruned weights stay exactly zero during and after training. */
  masks?: Array<Uint8Array | null>;
  /** Per-layer bias mask, with the same meaning as `masks`. */
  biasMasks?: Array<Uint8Array | null>;
  onEpoch?: (progress: EpochProgress) => void | Promise<void>;
  /** Checked before every epoch; returning true cancels the training with TrainingCancelledError. */
  shouldStop?: () => boolean;
}

export interface TrainResult {
  network: DenseNetwork;
  history: Array<{ epoch: number; loss: number; validationLoss: number | null }>;
  stoppedEarly: boolean;
  /** The 1-based epoch whose weights `network` holds: the best validation epoch with early stopping, else the last. */
  bestEpoch: number;
  durationMs: number;
}

/** Raised when `shouldStop` returned true. `completedEpochs` counts the epochs that finished before. */
export class TrainingCancelledError extends Error {
  constructor(readonly completedEpochs: number) {
    super(`training was cancelled after ${completedEpochs} completed epochs`);
    this.name = 'TrainingCancelledError';
  }
}

/**
 * Trains a dense network with mini-batch gradient descent on standardized
 * inputs. Each epoch visits the rows in a fresh permutation drawn from
 * `config.seed`, and the initial weights come from the same seed, so the same
 * config, data and tfjs backend give bit-identical weights.
 *
 * Regression trains on standardized targets and folds their mean and
 * standard deviation into the output layer afterwards, so the returned
 * network predicts in target units and the penalties act on the weights of
 * the standardized problem. The reported loss is the data loss (MSE in target
 * units or cross-entropy) without penalties: the batch-size-weighted mean over
 * the epoch, and on the validation split after the epoch.
 */
export async function trainNetwork(config: TrainConfig, data: TrainData, options: TrainOptions = {}): Promise<TrainResult> {
  const started = performance.now();
  validateTrainConfig(config, data);
  validateTrainData(data);
  if (options.initial) validateInitialNetwork(options.initial, data);
  else validateNetworkShape(config, data);

  const scaling = fitTargetScaling(data.trainTarget, data.task, !hasPrunedEntry(options.biasMasks?.at(-1)));
  const start = startingNetwork(config, data, options.initial, scaling);
  validateMasks(start, options);
  const session = new TrainingSession(config, data, start, scaling, options);
  try {
    const outcome = await session.run(options);
    const network = foldTargetScaling(outcome.network, scaling);
    return { ...outcome, network, durationMs: performance.now() - started };
  } finally {
    session.dispose();
  }
}

/**
 * Returns the network training starts from, with its output in standardized
 * target units: the initial network, or a fresh one whose input
 * standardization comes from the training split.
 */
function startingNetwork(config: TrainConfig, data: TrainData, initial: DenseNetwork | undefined, scaling: TargetScaling): DenseNetwork {
  if (initial) return unfoldTargetScaling(cloneNetwork(initial), scaling);

  const network = createNetwork(config, data.train.cols, data.classCount, data.task);
  const statistics = fitStandardization(data.train);
  return { ...network, inputMean: statistics.mean, inputScale: statistics.scale };
}

/** The tensors of one training run: variables, masks, split tensors and the optimizer. */
class TrainingSession {
  private readonly kernels: tf.Variable[];
  private readonly biases: tf.Variable[];
  private readonly kernelMasks: Array<tf.Tensor | null>;
  private readonly biasMasks: Array<tf.Tensor | null>;
  private readonly xTrain: tf.Tensor2D;
  private readonly yTrain: tf.Tensor2D;
  private readonly xValidation: tf.Tensor2D | null;
  private readonly yValidation: tf.Tensor2D | null;
  private readonly optimizer: tf.Optimizer;
  private readonly shuffleRandom: Random;
  /** Converts the standardized-target MSE back to target units; 1 for classification. */
  private readonly lossScale: number;

  constructor(
    private readonly config: TrainConfig,
    private readonly data: TrainData,
    private readonly start: DenseNetwork,
    scaling: TargetScaling,
    options: TrainOptions,
  ) {
    this.kernelMasks = start.layers.map((layer, i) => maskTensor(options.masks?.[i], [layer.inputSize, layer.units]));
    this.biasMasks = start.layers.map((layer, i) => maskTensor(options.biasMasks?.[i], [layer.units]));
    this.kernels = start.layers.map((layer, i) => maskedVariable(layer.kernel, [layer.inputSize, layer.units], this.kernelMasks[i]));
    this.biases = start.layers.map((layer, i) => maskedVariable(layer.bias, [layer.units], this.biasMasks[i]));

    this.xTrain = standardizedTensor(start, data.train);
    this.yTrain = targetTensor(scaleTargets(data.trainTarget, scaling), data.task, data.classCount);
    this.xValidation = data.validation ? standardizedTensor(start, data.validation) : null;
    this.yValidation = data.validationTarget ? targetTensor(scaleTargets(data.validationTarget, scaling), data.task, data.classCount) : null;
    this.lossScale = scaling.scale ** 2;

    this.optimizer = createOptimizer(config.optimizer, config.learningRate);
    this.shuffleRandom = createRandom(deriveSeed(config.seed, 'shuffle'));
  }

  async run(options: TrainOptions): Promise<Omit<TrainResult, 'durationMs'>> {
    const { epochs, earlyStoppingPatience: patience } = this.config;
    const history: TrainResult['history'] = [];
    let best: { loss: number; epoch: number; network: DenseNetwork } | null = null;
    let stoppedEarly = false;

    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (options.shouldStop?.()) throw new TrainingCancelledError(epoch - 1);

      const loss = this.runEpoch();
      if (!Number.isFinite(loss)) throw new Error(`training diverged at epoch ${epoch} (loss ${loss}); lower learningRate or add an l2 penalty`);
      const validationLoss = this.validationLoss();
      history.push({ epoch, loss, validationLoss });
      await options.onEpoch?.({ epoch, epochs, loss, validationLoss });

      if (patience === null || validationLoss === null) continue;
      if (best === null || validationLoss < best.loss) {
        best = { loss: validationLoss, epoch, network: this.readNetwork() };
      } else if (epoch - best.epoch >= patience) {
        stoppedEarly = true;
        break;
      }
    }

    if (best) return { network: best.network, history, stoppedEarly, bestEpoch: best.epoch };
    return { network: this.readNetwork(), history, stoppedEarly, bestEpoch: history.length };
  }

  dispose(): void {
    const tensors = [...this.kernels, ...this.biases, ...this.kernelMasks, ...this.biasMasks, this.xTrain, this.yTrain, this.xValidation, this.yValidation];
    for (const tensor of tensors) tensor?.dispose();
    this.optimizer.dispose();
  }

  /** Runs one pass over the shuffled training rows and returns its mean data loss in target units. */
  private runEpoch(): number {
    const rows = this.data.train.rows;
    const order = permutation(rows, this.shuffleRandom);
    let total: tf.Scalar = tf.scalar(0);

    for (let begin = 0; begin < rows; begin += this.config.batchSize) {
      const indices = order.subarray(begin, Math.min(rows, begin + this.config.batchSize));
      const batchLoss = this.step(indices);
      const next = tf.tidy(() => tf.add(total, tf.mul(batchLoss, indices.length)) as tf.Scalar);
      total.dispose();
      batchLoss.dispose();
      total = next;
    }

    const sum = total.dataSync()[0];
    total.dispose();
    return sum / rows;
  }

  /** Applies one optimizer step on the given rows and returns the batch's data loss in target units. */
  private step(indices: Int32Array): tf.Scalar {
    return tf.tidy(() => {
      const rowIndices = tf.tensor1d(indices, 'int32');
      const x = tf.gather(this.xTrain, rowIndices);
      const y = tf.gather(this.yTrain, rowIndices);
      const variables = [...this.kernels, ...this.biases];

      // variableGrads runs its function in a scope of its own, so the data loss is kept and released here.
      let dataLoss: tf.Scalar | null = null;
      const { grads } = tf.variableGrads(() => {
        dataLoss = tf.keep(this.dataLoss(x, y));
        return tf.add(dataLoss, weightPenalty(this.kernels, this.config.l1, this.config.l2));
      }, variables);

      this.maskGradients(grads);
      this.optimizer.applyGradients(grads);
      this.reapplyMasks();

      const keptDataLoss = dataLoss as unknown as tf.Scalar;
      const batchLoss = tf.mul(keptDataLoss, this.lossScale) as tf.Scalar;
      keptDataLoss.dispose();
      return batchLoss;
    });
  }

  private dataLoss(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    return lossFromLogits(this.logits(x), y, this.data.task);
  }

  /** Runs the layers on standardized inputs and returns the output layer's pre-activations. */
  private logits(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    this.start.layers.forEach((layer, index) => {
      const z = tf.add(tf.matMul(h, this.kernels[index]), this.biases[index]) as tf.Tensor2D;
      h = index < this.start.layers.length - 1 ? activate(z, layer.activation) : z;
    });
    return h;
  }

  private validationLoss(): number | null {
    if (!this.xValidation || !this.yValidation) return null;
    const loss = tf.tidy(() => this.dataLoss(this.xValidation!, this.yValidation!));
    const value = loss.dataSync()[0];
    loss.dispose();
    return value * this.lossScale;
  }

  /** Zeroes the gradients of pruned weights, so that optimizer moments stay zero for them. */
  private maskGradients(grads: tf.NamedTensorMap): void {
    const pairs: Array<[tf.Variable, tf.Tensor | null]> = [
      ...this.kernels.map((v, i): [tf.Variable, tf.Tensor | null] => [v, this.kernelMasks[i]]),
      ...this.biases.map((v, i): [tf.Variable, tf.Tensor | null] => [v, this.biasMasks[i]]),
    ];
    for (const [variable, mask] of pairs) {
      if (mask) grads[variable.name] = applyMaskValues(grads[variable.name], mask);
    }
  }

  /** Sets pruned weights back to +0 after a step, whatever the optimizer did. */
  private reapplyMasks(): void {
    this.kernels.forEach((kernel, i) => {
      const mask = this.kernelMasks[i];
      if (mask) kernel.assign(applyMaskValues(kernel, mask));
    });
    this.biases.forEach((bias, i) => {
      const mask = this.biasMasks[i];
      if (mask) bias.assign(applyMaskValues(bias, mask));
    });
  }

  private readNetwork(): DenseNetwork {
    return {
      ...this.start,
      inputMean: this.start.inputMean.slice(),
      inputScale: this.start.inputScale.slice(),
      layers: this.start.layers.map((layer, i) => ({
        ...layer,
        kernel: new Float32Array(this.kernels[i].dataSync()),
        bias: new Float32Array(this.biases[i].dataSync()),
      })),
    };
  }
}

function createOptimizer(name: TrainConfig['optimizer'], learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam': return tf.train.adam(learningRate);
    case 'sgd': return tf.train.sgd(learningRate);
    case 'rmsprop': return tf.train.rmsprop(learningRate);
    case 'adagrad': return tf.train.adagrad(learningRate);
  }
}

function standardizedTensor(network: DenseNetwork, matrix: Matrix): tf.Tensor2D {
  return tf.tidy(() => standardize(network, tf.tensor2d(matrix.values, [matrix.rows, matrix.cols])));
}

function hasPrunedEntry(mask: Uint8Array | null | undefined): boolean {
  return mask ? mask.includes(0) : false;
}

/** Creates a trainable variable from initial values with pruned entries set to +0; tidy never disposes variables. */
function maskedVariable(values: Float32Array, shape: number[], mask: tf.Tensor | null): tf.Variable {
  return tf.tidy(() => tf.variable(applyMaskValues(tf.tensor(values, shape), mask)));
}

/** Returns a boolean keep-mask tensor, or null when the layer has no mask. */
function maskTensor(mask: Uint8Array | null | undefined, shape: number[]): tf.Tensor | null {
  if (!mask) return null;
  return tf.tidy(() => tf.notEqual(tf.tensor(mask, shape, 'int32'), 0));
}

/** Keeps values where the mask is set and writes +0 elsewhere (multiplying would give −0 for negatives). */
function applyMaskValues<T extends tf.Tensor>(values: T, mask: tf.Tensor | null): T {
  if (!mask) return values;
  return tf.tidy(() => tf.where(mask, values, tf.zerosLike(values))) as T;
}
