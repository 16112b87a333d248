import type { Matrix } from './matrix.js';
import type { OutputKind } from './network.js';

/**
 * Returns the class a network output row predicts: 1 when the binary
 * probability exceeds 0.5 (0 at exactly 0.5), else the index of the largest
 * multiclass probability, the first one on ties.
 */
export function predictedClass(output: ArrayLike<number>, task: OutputKind): number {
  if (task === 'REGRESSION') throw new Error('a REGRESSION output has no predicted class; read the value instead');
  if (task === 'BINARY') return output[0] > 0.5 ? 1 : 0;

  let best = 0;
  for (let k = 1; k < output.length; k++) if (output[k] > output[best]) best = k;
  return best;
}

/** Returns the predicted class of every row of a network output matrix. */
export function predictedClasses(outputs: Matrix, task: OutputKind): Int32Array {
  const classes = new Int32Array(outputs.rows);
  for (let r = 0; r < outputs.rows; r++) {
    classes[r] = predictedClass(outputs.values.subarray(r * outputs.cols, (r + 1) * outputs.cols), task);
  }
  return classes;
}

/** Returns one probability column per class: [1 − p, p] for a binary output, the softmax rows otherwise. */
export function classProbabilities(outputs: Matrix, task: OutputKind): Matrix {
  if (task === 'REGRESSION') throw new Error('a REGRESSION output has no class probabilities');
  if (task === 'MULTICLASS') return outputs;

  const values = new Float32Array(outputs.rows * 2);
  for (let r = 0; r < outputs.rows; r++) {
    const p = outputs.values[r * outputs.cols];
    values[2 * r] = 1 - p;
    values[2 * r + 1] = p;
  }
  return { rows: outputs.rows, cols: 2, values };
}

/** Maps class indices to their labels; throws on an index without a label. */
export function decodeClassLabels(classes: ArrayLike<number>, classLabels: readonly string[]): string[] {
  return Array.from(classes, (index) => {
    const label = classLabels[index];
    if (label === undefined) throw new Error(`class index ${index} has no label; the model knows ${classLabels.length} classes`);
    return label;
  });
}
