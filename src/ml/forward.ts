import * as tf from '@tensorflow/tfjs';
import type { Activation, DenseLayer, DenseNetwork } from './network.js';
import type { Matrix } from './matrix.js';

/** Applies an activation function to a tensor of pre-activations. */
export function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'linear': return z;
    case 'relu': return tf.relu(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'tanh': return tf.tanh(z);
    case 'softmax': return tf.softmax(z);
    case 'elu': return tf.elu(z);
    case 'selu': return tf.selu(z);
  }
}

/** Standardizes raw encoded inputs with the network's own statistics. */
export function standardize(network: DenseNetwork, x: tf.Tensor2D): tf.Tensor2D {
  const mean = tf.tensor1d(network.inputMean);
  const scale = tf.tensor1d(network.inputScale);
  return tf.div(tf.sub(x, mean), scale) as tf.Tensor2D;
}

/** Returns the layer's pre-activation output z = input · kernel + bias. */
export function preActivation(layer: DenseLayer, input: tf.Tensor2D): tf.Tensor2D {
  const kernel = tf.tensor2d(layer.kernel, [layer.inputSize, layer.units]);
  const bias = tf.tensor1d(layer.bias);
  return tf.add(tf.matMul(input, kernel), bias) as tf.Tensor2D;
}

/**
 * Runs the network on raw encoded inputs [n × inputSize] and returns its
 * outputs [n × units of the last layer]: the value for regression, the
 * probability of class 1 for binary and class probabilities for multiclass.
 * Differentiable, so it serves gradient-based attribution too.
 */
export function forward(network: DenseNetwork, x: tf.Tensor2D): tf.Tensor2D {
  let h = standardize(network, x);
  for (const layer of network.layers) h = activate(preActivation(layer, h), layer.activation);
  return h;
}

/**
 * Runs the network and also returns the activations of every hidden layer,
 * in layer order, for neuron attribution.
 */
export function forwardWithActivations(network: DenseNetwork, x: tf.Tensor2D): { hidden: tf.Tensor2D[]; output: tf.Tensor2D } {
  let h = standardize(network, x);
  const hidden: tf.Tensor2D[] = [];
  network.layers.forEach((layer, index) => {
    h = activate(preActivation(layer, h), layer.activation);
    if (index < network.layers.length - 1) hidden.push(h);
  });
  return { hidden, output: h };
}

/**
 * Predicts in batches and returns the outputs as a row-major matrix, so that
 * memory stays bounded for large inputs.
 */
export function predictMatrix(network: DenseNetwork, input: Matrix, batchSize = 8192): Matrix {
  const units = network.layers[network.layers.length - 1].units;
  const values = new Float32Array(input.rows * units);
  for (let start = 0; start < input.rows; start += batchSize) {
    const end = Math.min(input.rows, start + batchSize);
    const batch = tf.tidy(() => {
      const x = tf.tensor2d(input.values.subarray(start * input.cols, end * input.cols), [end - start, input.cols]);
      return forward(network, x);
    });
    values.set(batch.dataSync() as Float32Array, start * units);
    batch.dispose();
  }
  return { rows: input.rows, cols: units, values };
}
