import * as tf from '@tensorflow/tfjs';
import { activate, forwardWithActivations, standardize } from '../ml/forward.js';
import type { DenseNetwork } from '../ml/network.js';

/** A scalar objective of the network's output (after the output activation) and its logits. */
export type Objective = (output: tf.Tensor2D, logits: tf.Tensor2D) => tf.Scalar;

/** Layer inputs and pre-activation gradients of one batch, the two factors of every weight gradient. */
export interface LayerGradients {
  /** Input of each layer [rows × inputSize]: standardized x for layer 0, the previous activation after. */
  inputs: tf.Tensor2D[];
  /** ∂objective/∂z of each layer [rows × units], z being the pre-activation. */
  deltas: tf.Tensor2D[];
}

/**
 * Computes each layer's input and the gradient of the objective with respect
 * to its pre-activation z, by differentiating at zero offsets added to z.
 * The kernel gradient is then inputsᵀ · deltas and the bias gradient the
 * column sums of deltas. When the objective sums per-row terms, row i of a
 * delta belongs to row i alone, which gives per-row weight gradients as
 * outer products. Call inside tf.tidy.
 */
export function layerGradients(network: DenseNetwork, x: tf.Tensor2D, objective: Objective): LayerGradients {
  const rows = x.shape[0];
  const standardized = standardize(network, x);
  const kernels = network.layers.map((layer) => tf.tensor2d(layer.kernel, [layer.inputSize, layer.units]));
  const biases = network.layers.map((layer) => tf.tensor1d(layer.bias));
  const offsets = network.layers.map((layer) => tf.zeros([rows, layer.units]) as tf.Tensor2D);
  const last = network.layers.length - 1;

  const evaluate = (...shifts: tf.Tensor[]): tf.Scalar => {
    let h = standardized;
    let logits = standardized;
    network.layers.forEach((layer, index) => {
      const z = tf.add(tf.add(tf.matMul(h, kernels[index]), biases[index]), shifts[index]) as tf.Tensor2D;
      if (index === last) logits = z;
      h = activate(z, layer.activation);
    });
    return objective(h, logits);
  };

  const deltas = tf.grads(evaluate)(offsets) as tf.Tensor2D[];
  const { hidden } = forwardWithActivations(network, x);
  return { inputs: [standardized, ...hidden], deltas };
}
