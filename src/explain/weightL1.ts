import { resolveOptions } from './options.js';
import { hiddenLayerCount, neuronScore, requireHiddenLayers } from './neurons.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult, ImportanceScoreValue } from './types.js';

/**
 * Weight L1 norm (Li et al. 2017, "Pruning filters for efficient ConvNets"):
 * a hidden unit scores Σ_i |w_iu| over its incoming kernel weights; the bias
 * is left out, as Li et al. sum kernel weights only. Deterministic and
 * independent of the data.
 */
export const weightL1: ImportanceMethod = {
  name: 'WEIGHT_L1',
  targetKind: 'NEURON',
  defaults: { samples: null },
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, weightL1.defaults);
    requireHiddenLayers(input.network);

    const scores: ImportanceScoreValue[] = [];
    for (let l = 0; l < hiddenLayerCount(input.network); l++) {
      const layer = input.network.layers[l];
      for (let u = 0; u < layer.units; u++) {
        let norm = 0;
        for (let i = 0; i < layer.inputSize; i++) norm += Math.abs(layer.kernel[i * layer.units + u]);
        scores.push(neuronScore(l, u, norm, null, null));
      }
    }

    return {
      method: 'WEIGHT_L1', targetKind: 'NEURON', scores, sampleCount: 0, seed: input.seed, options,
      checks: [], notes: ['L1 norm of incoming kernel weights; biases excluded'], skippedSamples: 0, durationMs: performance.now() - startedAt,
    };
  },
};
