import { deriveSeed } from '../core/random.js';
import { selectRows } from '../ml/matrix.js';
import { resolveOptions } from './options.js';
import { forEachActivationBatch, hiddenLayerCount, requireHiddenLayers, UnitStatistics } from './neurons.js';
import { sampleRowIndices } from './sampling.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult } from './types.js';

/**
 * Mean absolute activation: a hidden unit scores the mean of |a_u| over the
 * rows (every data row unless `samples` is set), with the population std and
 * the signed mean.
 */
export const meanActivation: ImportanceMethod = {
  name: 'MEAN_ACTIVATION',
  targetKind: 'NEURON',
  defaults: { samples: null },
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, meanActivation.defaults);
    requireHiddenLayers(input.network);
    const x = selectRows(input.data, sampleRowIndices(input.data.rows, options.samples, deriveSeed(input.seed, 'rows')));

    const statistics = input.network.layers.slice(0, hiddenLayerCount(input.network)).map((layer) => new UnitStatistics(layer.units));
    forEachActivationBatch(input.network, x, options.batchSize, (activations) => {
      activations.forEach((values, l) => statistics[l].add(values));
    });

    return {
      method: 'MEAN_ACTIVATION', targetKind: 'NEURON', scores: statistics.flatMap((layer, l) => layer.scores(l)),
      sampleCount: x.rows, seed: input.seed, options, checks: [], notes: [], skippedSamples: 0, durationMs: performance.now() - startedAt,
    };
  },
};
