import * as tf from '@tensorflow/tfjs';
import { predictMatrix } from '../ml/forward.js';
import type { Matrix } from '../ml/matrix.js';
import type { OutputKind } from '../ml/network.js';
import type { BatchPredictor, ExplainInput } from './types.js';

/**
 * The explained output of a row is one number: the value for regression, the
 * probability of the explained class for classifiers. A binary network's single
 * sigmoid output is P(class 1), so class 0 is explained through 1 − p.
 * Every case is a linear map of the output row, weights · output + offset,
 * which keeps the selection differentiable.
 */
export interface OutputSelection {
  /** Row-major [rows × output units]. */
  weights: Float32Array;
  offsets: Float32Array;
}

/** Largest number of float values a method puts into one predictor call (16 MiB of float32). */
export const MAX_CHUNK_VALUES = 1 << 22;

/** Returns the predictor of the input, by default the batched predictMatrix. */
export function predictorOf(input: ExplainInput): BatchPredictor {
  return input.predictor ?? predictMatrix;
}

/** Returns how many rows of `cols` values fit into one predictor call, at least `minimumRows`. */
export function chunkRows(cols: number, minimumRows = 1): number {
  return Math.max(minimumRows, Math.floor(MAX_CHUNK_VALUES / Math.max(1, cols)));
}

/** Returns the predicted class of each output row: 0 for regression, p ≥ 0.5 for binary, the argmax otherwise. */
export function predictedClasses(task: OutputKind, outputs: Matrix): Int32Array {
  const classes = new Int32Array(outputs.rows);
  if (task === 'REGRESSION') return classes;

  for (let r = 0; r < outputs.rows; r++) {
    if (task === 'BINARY') {
      classes[r] = outputs.values[r] >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < outputs.cols; k++) if (outputs.values[r * outputs.cols + k] > outputs.values[r * outputs.cols + best]) best = k;
    classes[r] = best;
  }
  return classes;
}

/** Returns the class each row explains: `targetClass` when set, else the row's predicted class. */
export function explainedClasses(task: OutputKind, outputs: Matrix, targetClass: number | null): Int32Array {
  if (task === 'REGRESSION' || targetClass === null) return predictedClasses(task, outputs);
  return new Int32Array(outputs.rows).fill(targetClass);
}

/** Returns the explained output of one output row for the given class. */
export function explainedValue(task: OutputKind, outputs: Matrix, row: number, explainedClass: number): number {
  if (task === 'REGRESSION') return outputs.values[row * outputs.cols];
  if (task === 'BINARY') return explainedClass === 1 ? outputs.values[row] : 1 - outputs.values[row];
  return outputs.values[row * outputs.cols + explainedClass];
}

/** Returns the explained output of every output row, the row's class taken from `classes`. */
export function explainedValues(task: OutputKind, outputs: Matrix, classes: ArrayLike<number>): Float64Array {
  const values = new Float64Array(outputs.rows);
  for (let r = 0; r < outputs.rows; r++) values[r] = explainedValue(task, outputs, r, classes[r]);
  return values;
}

/** Builds the linear selection of the explained output for rows with the given classes. */
export function outputSelection(task: OutputKind, units: number, classes: ArrayLike<number>): OutputSelection {
  const weights = new Float32Array(classes.length * units);
  const offsets = new Float32Array(classes.length);

  for (let r = 0; r < classes.length; r++) {
    if (task === 'REGRESSION') {
      weights[r] = 1;
    } else if (task === 'BINARY') {
      weights[r] = classes[r] === 1 ? 1 : -1;
      offsets[r] = classes[r] === 1 ? 0 : 1;
    } else {
      weights[r * units + classes[r]] = 1;
    }
  }
  return { weights, offsets };
}

/** Applies a selection to network outputs [rows × units] and returns the explained outputs [rows]. */
export function selectOutput(output: tf.Tensor2D, weights: tf.Tensor2D, offsets: tf.Tensor1D): tf.Tensor1D {
  return tf.add(tf.sum(tf.mul(output, weights), 1), offsets) as tf.Tensor1D;
}
