import * as tf from '@tensorflow/tfjs';
import { predictMatrix } from '../ml/forward.js';
import { lossFromLogits, targetTensor } from '../ml/loss.js';
import { selectRows, type Matrix } from '../ml/matrix.js';
import type { DenseNetwork, OutputKind } from '../ml/network.js';
import { layerGradients } from './layerGradients.js';

export type WeightCriterion = 'MAGNITUDE' | 'TAYLOR' | 'RELATIVE_SENSITIVITY';

/** One importance score per kernel weight and per bias of every layer, in the network's layout. */
export interface WeightScores {
  kernels: Float32Array[];
  biases: Float32Array[];
  /** Rows that entered the mean (0 for MAGNITUDE). */
  sampleCount: number;
  /** Rows left out because |y| was below the guard (RELATIVE_SENSITIVITY only). */
  skippedSamples: number;
}

/** Rows and settings for the data-dependent criteria. */
export interface ScoringData {
  /** Raw encoded rows, the network's inputs. */
  x: Matrix;
  target: Float32Array;
  task: OutputKind;
  classCount: number;
  /** Rows per gradient batch; TAYLOR averages one score per batch. */
  batchSize: number;
  /** RELATIVE_SENSITIVITY skips rows with |y| < epsilon · mean |y|. */
  epsilon: number;
}

/** Scores every weight with the criterion; MAGNITUDE ignores the data. */
export function weightScores(network: DenseNetwork, criterion: WeightCriterion, data: ScoringData): WeightScores {
  switch (criterion) {
    case 'MAGNITUDE': return magnitudeScores(network);
    case 'TAYLOR': return taylorScores(network, data);
    case 'RELATIVE_SENSITIVITY': return relativeSensitivityScores(network, data);
  }
}

/** Returns |w| for every weight and bias. */
export function magnitudeScores(network: DenseNetwork): WeightScores {
  return {
    kernels: network.layers.map((layer) => layer.kernel.map(Math.abs)),
    biases: network.layers.map((layer) => layer.bias.map(Math.abs)),
    sampleCount: 0,
    skippedSamples: 0,
  };
}

/**
 * Returns the first-order Taylor score |w · ∂L/∂w| of Molchanov et al. (2017),
 * with L the mean training loss of a batch, averaged over the batches of `data`.
 */
export function taylorScores(network: DenseNetwork, data: ScoringData): WeightScores {
  const scores = emptyScores(network);
  let batches = 0;

  for (let start = 0; start < data.x.rows; start += data.batchSize) {
    const end = Math.min(data.x.rows, start + data.batchSize);
    const batch = tf.tidy(() => {
      const x = tf.tensor2d(data.x.values.subarray(start * data.x.cols, end * data.x.cols), [end - start, data.x.cols]);
      const y = targetTensor(data.target.subarray(start, end), data.task, data.classCount);
      const { inputs, deltas } = layerGradients(network, x, (_, logits) => lossFromLogits(logits, y, data.task));

      return network.layers.map((layer, index) => {
        const kernel = tf.tensor2d(layer.kernel, [layer.inputSize, layer.units]);
        const kernelGradient = tf.matMul(inputs[index], deltas[index], true, false);
        const biasGradient = tf.sum(deltas[index], 0);
        return [tf.abs(tf.mul(kernel, kernelGradient)), tf.abs(tf.mul(tf.tensor1d(layer.bias), biasGradient))];
      });
    });

    accumulate(scores, batch);
    batches++;
  }

  scale(scores, 1 / batches);
  return { ...scores, sampleCount: data.x.rows, skippedSamples: 0 };
}

/**
 * Returns the relative sensitivity |(∂y/∂w) · (1/y)| averaged over rows, where
 * y is the regression value, the probability of class 1, or the probability of
 * the row's predicted class. Rows with |y| < epsilon · mean |y| are skipped
 * because 1/y is unbounded there. The per-row kernel gradient is the outer
 * product of the layer input and the row's delta, so the mean of its absolute
 * value is |inputs|ᵀ · |deltas / y| divided by the row count.
 */
export function relativeSensitivityScores(network: DenseNetwork, data: ScoringData): WeightScores {
  const { kept, classes, outputs } = guardedRows(network, data);
  if (kept.length === 0) {
    throw new RangeError(`every one of ${data.x.rows} rows has |y| below epsilon ${data.epsilon} times the mean |y|; lower epsilon`);
  }

  const rows = selectRows(data.x, kept);
  const units = outputs.cols;
  const scores = emptyScores(network);

  for (let start = 0; start < rows.rows; start += data.batchSize) {
    const end = Math.min(rows.rows, start + data.batchSize);
    const batch = tf.tidy(() => {
      const x = tf.tensor2d(rows.values.subarray(start * rows.cols, end * rows.cols), [end - start, rows.cols]);
      const batchClasses = Int32Array.from(kept.subarray(start, end), (row) => classes[row]);
      const selection = units === 1 ? tf.ones([end - start, 1]) : tf.oneHot(tf.tensor1d(batchClasses, 'int32'), units);
      const y = tf.tensor2d(Float32Array.from(kept.subarray(start, end), (row) => outputs.values[row * units + classes[row]]), [end - start, 1]);
      const { inputs, deltas } = layerGradients(network, x, (output) => tf.sum(tf.mul(output, selection)));

      return network.layers.map((_, index) => {
        const relative = tf.abs(tf.div(deltas[index], y));
        return [tf.matMul(tf.abs(inputs[index]), relative, true, false), tf.sum(relative, 0)];
      });
    });
    accumulate(scores, batch);
  }

  scale(scores, 1 / kept.length);
  return { ...scores, sampleCount: kept.length, skippedSamples: data.x.rows - kept.length };
}

/** Predicts every row, picks the explained output and returns the rows that pass the |y| guard. */
function guardedRows(network: DenseNetwork, data: ScoringData): { kept: Int32Array; classes: Int32Array; outputs: Matrix } {
  const outputs = predictMatrix(network, data.x);
  const classes = new Int32Array(outputs.rows);
  const magnitudes = new Float64Array(outputs.rows);

  for (let row = 0; row < outputs.rows; row++) {
    classes[row] = data.task === 'MULTICLASS' ? argmax(outputs.values.subarray(row * outputs.cols, (row + 1) * outputs.cols)) : 0;
    magnitudes[row] = Math.abs(outputs.values[row * outputs.cols + classes[row]]);
  }

  const meanMagnitude = magnitudes.reduce((sum, value) => sum + value, 0) / Math.max(1, magnitudes.length);
  const kept: number[] = [];
  magnitudes.forEach((value, row) => {
    if (value >= data.epsilon * meanMagnitude && value > 0) kept.push(row);
  });
  return { kept: Int32Array.from(kept), classes, outputs };
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

function emptyScores(network: DenseNetwork): Pick<WeightScores, 'kernels' | 'biases'> {
  return {
    kernels: network.layers.map((layer) => new Float32Array(layer.kernel.length)),
    biases: network.layers.map((layer) => new Float32Array(layer.bias.length)),
  };
}

/** Adds one batch's [kernel, bias] score tensors per layer to the running sums and disposes them. */
function accumulate(scores: Pick<WeightScores, 'kernels' | 'biases'>, batch: tf.Tensor[][]): void {
  batch.forEach(([kernel, bias], index) => {
    addInto(scores.kernels[index], kernel.dataSync() as Float32Array);
    addInto(scores.biases[index], bias.dataSync() as Float32Array);
    kernel.dispose();
    bias.dispose();
  });
}

function addInto(target: Float32Array, values: Float32Array): void {
  for (let i = 0; i < target.length; i++) target[i] += values[i];
}

function scale(scores: Pick<WeightScores, 'kernels' | 'biases'>, factor: number): void {
  for (const tensor of [...scores.kernels, ...scores.biases]) {
    for (let i = 0; i < tensor.length; i++) tensor[i] *= factor;
  }
}
