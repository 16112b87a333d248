import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../core/random.js';
import { activate, forwardWithActivations, preActivation } from '../ml/forward.js';
import { lossFromLogits, targetTensor } from '../ml/loss.js';
import { selectRows, type Matrix } from '../ml/matrix.js';
import type { DenseNetwork, OutputKind } from '../ml/network.js';
import { resolveOptions } from './options.js';
import { hiddenLayerCount, requireHiddenLayers, UnitStatistics } from './neurons.js';
import { sampleRowIndices } from './sampling.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult } from './types.js';

/**
 * First-order Taylor criterion on activations (Molchanov et al. 2017,
 * "Pruning convolutional neural networks for resource efficient inference"):
 * a hidden unit scores the mean over rows of |a_u · ∂L_n/∂a_u|. L_n is the
 * training loss of row n against its label: squared error, or binary or
 * categorical cross-entropy on the output logits, as in src/ml/loss.ts. The weight
 * penalty does not depend on activations and drops out. Assumes the output
 * layer uses its task's activation (linear, sigmoid or softmax), whose
 * pre-activations are the logits.
 */
export const taylor: ImportanceMethod = {
  name: 'TAYLOR',
  targetKind: 'NEURON',
  defaults: { samples: null },
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, taylor.defaults);
    requireHiddenLayers(input.network);
    const indices = sampleRowIndices(input.data.rows, options.samples, deriveSeed(input.seed, 'rows'));
    const x = selectRows(input.data, indices);
    const target = Float32Array.from(indices, (r) => input.target[r]);

    const statistics = input.network.layers.slice(0, hiddenLayerCount(input.network)).map((layer) => new UnitStatistics(layer.units));
    for (let start = 0; start < x.rows; start += options.batchSize) {
      const end = Math.min(x.rows, start + options.batchSize);
      const batch: Matrix = { rows: end - start, cols: x.cols, values: x.values.subarray(start * x.cols, end * x.cols) };
      const products = activationTimesGradient(input.network, input.task, input.classCount, batch, target.subarray(start, end));
      products.forEach((values, l) => statistics[l].add(values));
    }

    return {
      method: 'TAYLOR', targetKind: 'NEURON', scores: statistics.flatMap((layer, l) => layer.scores(l)),
      sampleCount: x.rows, seed: input.seed, options, checks: [],
      notes: ['per-row loss gradient; squared error for regression, cross-entropy for classifiers'], skippedSamples: 0,
      durationMs: performance.now() - startedAt,
    };
  },
};

/** Returns a · ∂L_n/∂a for every hidden layer of one batch, each [rows × units]. */
function activationTimesGradient(network: DenseNetwork, task: OutputKind, classCount: number, x: Matrix, target: Float32Array): Float32Array[] {
  const products = tf.tidy(() => {
    const input = tf.tensor2d(x.values, [x.rows, x.cols]);
    const labels = targetTensor(target, task, classCount);
    const { hidden } = forwardWithActivations(network, input);

    return hidden.map((activation, l) => {
      // lossFromLogits averages over rows, so multiplying by the row count gives Σ_n L_n, whose gradient row n is ∂L_n/∂a_n.
      const totalLoss = (a: tf.Tensor) => tf.mul(lossFromLogits(logitsFrom(network, l, a as tf.Tensor2D), labels, task), x.rows) as tf.Scalar;
      const gradient = tf.grad(totalLoss)(activation);
      return tf.mul(activation, gradient);
    });
  });

  const arrays = products.map((tensor) => tensor.dataSync() as Float32Array);
  products.forEach((tensor) => tensor.dispose());
  return arrays;
}

/** Runs the layers after hidden layer `layer` on its activations and returns the output pre-activations. */
function logitsFrom(network: DenseNetwork, layer: number, activation: tf.Tensor2D): tf.Tensor2D {
  let h = activation;
  for (let l = layer + 1; l < network.layers.length; l++) {
    const z = preActivation(network.layers[l], h);
    h = l === network.layers.length - 1 ? z : activate(z, network.layers[l].activation);
  }
  return h;
}
