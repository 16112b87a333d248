import * as tf from '@tensorflow/tfjs';
import { forward } from '../ml/forward.js';
import type { Matrix } from '../ml/matrix.js';
import { outputSize, type DenseNetwork, type OutputKind } from '../ml/network.js';
import { outputSelection, selectOutput } from './output.js';

/** Per-row gradients of the explained output with respect to the raw inputs, and the outputs themselves. */
export interface InputGradients {
  /** Row-major [rows × inputs]. */
  gradients: Float32Array;
  /** Explained output per row. */
  outputs: Float32Array;
}

/**
 * Computes ∂f/∂x for every row of `x` in batches of `batchSize` rows, where f
 * is the explained output of the row's class. The network standardizes inside
 * the differentiated function, so gradients are with respect to raw encoded
 * inputs. Rows are independent, so the gradient of the batch sum is the
 * per-row gradient.
 */
export function inputGradients(network: DenseNetwork, task: OutputKind, x: Matrix, classes: ArrayLike<number>, batchSize: number): InputGradients {
  const units = outputSize(network);
  const selection = outputSelection(task, units, classes);
  const gradients = new Float32Array(x.rows * x.cols);
  const outputs = new Float32Array(x.rows);

  for (let start = 0; start < x.rows; start += batchSize) {
    const end = Math.min(x.rows, start + batchSize);
    const [gradient, output] = tf.tidy(() => {
      const rows = tf.tensor2d(x.values.subarray(start * x.cols, end * x.cols), [end - start, x.cols]);
      const weights = tf.tensor2d(selection.weights.subarray(start * units, end * units), [end - start, units]);
      const offsets = tf.tensor1d(selection.offsets.subarray(start, end));
      const explained = (input: tf.Tensor2D) => selectOutput(forward(network, input), weights, offsets);
      const gradientOf = tf.grad((input: tf.Tensor) => tf.sum(explained(input as tf.Tensor2D)));
      return [gradientOf(rows), explained(rows)];
    });

    gradients.set(gradient.dataSync() as Float32Array, start * x.cols);
    outputs.set(output.dataSync() as Float32Array, start);
    gradient.dispose();
    output.dispose();
  }
  return { gradients, outputs };
}
