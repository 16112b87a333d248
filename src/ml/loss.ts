import * as tf from '@tensorflow/tfjs';
import type { OutputKind } from './network.js';

/**
 * Converts targets to the tensor the loss compares with the logits: values
 * [n × 1] for regression, 0/1 labels [n × 1] for binary and one-hot rows
 * [n × classCount] for multiclass.
 */
export function targetTensor(target: Float32Array, task: OutputKind, classCount: number): tf.Tensor2D {
  if (task === 'MULTICLASS') {
    return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(target), 'int32'), classCount), 'float32') as tf.Tensor2D);
  }
  return tf.tensor2d(target, [target.length, 1]);
}

/**
 * Returns the mean loss of a batch from the output layer's pre-activations:
 * squared error for regression, binary cross-entropy for binary and
 * categorical cross-entropy for multiclass. Working on logits keeps the
 * cross-entropies finite where the probabilities saturate at 0 or 1.
 */
export function lossFromLogits(logits: tf.Tensor2D, target: tf.Tensor2D, task: OutputKind): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    if (task === 'REGRESSION') return tf.mean(tf.square(tf.sub(logits, target)));
    if (task === 'BINARY') {
      // max(z, 0) − z·y + log(1 + e^−|z|) equals −y·log σ(z) − (1 − y)·log(1 − σ(z)).
      const perRow = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
      return tf.mean(perRow);
    }
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

/** Returns l1·Σ|w| + l2·Σw² over the kernels, the penalty Keras' L1L2 regularizer adds. */
export function weightPenalty(kernels: tf.Tensor[], l1: number, l2: number): tf.Scalar {
  return tf.tidy(() => {
    let penalty: tf.Scalar = tf.scalar(0);
    for (const kernel of kernels) {
      if (l1 > 0) penalty = tf.add(penalty, tf.mul(l1, tf.sum(tf.abs(kernel))));
      if (l2 > 0) penalty = tf.add(penalty, tf.mul(l2, tf.sum(tf.square(kernel))));
    }
    return penalty;
  });
}
