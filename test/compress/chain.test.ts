import { beforeAll, describe, expect, it } from 'vitest';
import { compress } from '../../src/compress/index.js';
import { initBackend } from '../../src/ml/backend.js';
import { predictMatrix } from '../../src/ml/forward.js';
import { selectColumns } from '../../src/ml/matrix.js';
import type { DenseNetwork } from '../../src/ml/network.js';
import { compressionInput, friedmanSplits, mlpConfig, trainOn, zeroShare, type Splits } from './helpers.js';

describe('compression chain', () => {
  let splits: Splits;
  let network: DenseNetwork;
  const config = mlpConfig([32, 32], { epochs: 15 });

  beforeAll(async () => {
    await initBackend();
    splits = friedmanSplits(2000, 8);
    network = await trainOn(splits, config);
  });

  it('prunes weights, then neurons, then features', async () => {
    const pruned = await compress('WEIGHT_PRUNING', compressionInput(network, splits, config, { sparsity: 0.7, fineTuneEpochs: 2 }));
    const shrunk = await compress('NEURON_PRUNING', compressionInput(pruned.network, splits, config, { fraction: 0.25, fineTuneEpochs: 2 }));
    const selected = await compress('FEATURE_SELECTION', compressionInput(shrunk.network, splits, config, { keep: 5, retrain: false, fineTuneEpochs: 2 }));

    expect(shrunk.network.layers.map((layer) => layer.units)).toEqual([24, 24, 1]);
    expect(selected.network.inputSize).toBe(5);
    expect(selected.network.layers.map((layer) => layer.units)).toEqual([24, 24, 1]);
    // Fine-tuning keeps weights that earlier steps zeroed at zero.
    const [first, second] = shrunk.network.layers;
    expect(zeroShare(first.kernel, second.kernel)).toBeGreaterThan(0.5);
    expect(selected.sparsity).toBeGreaterThan(0.5);

    const outputs = predictMatrix(selected.network, selectColumns(splits.test, selected.inputColumns)).values;
    expect(outputs.every(Number.isFinite)).toBe(true);
  });

  it('prunes a network whose inputs were selected', async () => {
    const selected = await compress('FEATURE_SELECTION', compressionInput(network, splits, config, { keep: 5, retrain: false, fineTuneEpochs: 1 }));
    const columns = selected.inputColumns;
    const narrowed: Splits = {
      ...splits,
      featureNames: selected.inputFeatures,
      train: selectColumns(splits.train, columns),
      validation: selectColumns(splits.validation, columns),
      test: selectColumns(splits.test, columns),
    };

    const pruned = await compress('WEIGHT_PRUNING', compressionInput(selected.network, narrowed, config, { sparsity: 0.5, schedule: 'POLYNOMIAL', steps: 2, fineTuneEpochs: 2 }));

    expect(pruned.inputFeatures).toEqual(selected.inputFeatures);
    // 5 · 32 + 32 · 32 = 1184 prunable weights; round(0.5 · 1184) = 592.
    expect(zeroShare(pruned.network.layers[0].kernel, pruned.network.layers[1].kernel)).toBeGreaterThanOrEqual(0.5);
  });

  it('re-prunes to a higher sparsity from the existing one', async () => {
    const first = await compress('WEIGHT_PRUNING', compressionInput(network, splits, config, { sparsity: 0.5, fineTuneEpochs: 1 }));
    const second = await compress('WEIGHT_PRUNING', compressionInput(first.network, splits, config, { sparsity: 0.8, schedule: 'POLYNOMIAL', steps: 2, fineTuneEpochs: 2 }));

    expect(second.details.initialSparsity).toBeGreaterThanOrEqual(0.5);
    first.masks!.forEach((mask, layer) => {
      mask?.forEach((keep, i) => {
        if (keep === 0) expect(second.network.layers[layer].kernel[i]).toBe(0);
      });
    });
  });
});
