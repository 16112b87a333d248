import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compress, CompressionCancelledError, type CompressionPhase } from '../../src/compress/index.js';
import { lowestGlobally, lowestPerLayer } from '../../src/compress/neuronPruning.js';
import { removeUnits } from '../../src/compress/removeUnits.js';
import { initBackend } from '../../src/ml/backend.js';
import { createNetwork } from '../../src/ml/build.js';
import { predictMatrix } from '../../src/ml/forward.js';
import { exportLayersModel, layersModelArtifacts } from '../../src/ml/serialize.js';
import { cloneNetwork, parameterCount, type DenseNetwork } from '../../src/ml/network.js';
import { compressionInput, friedmanSplits, mlpConfig, trainOn, type Splits } from './helpers.js';

/** Returns a copy with the outgoing weights (next layer's kernel rows) of the given units set to zero. */
function silenceUnits(network: DenseNetwork, layer: number, units: number[]): DenseNetwork {
  const copy = cloneNetwork(network);
  const next = copy.layers[layer + 1];
  for (const unit of units) next.kernel.fill(0, unit * next.units, (unit + 1) * next.units);
  return copy;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('removeUnits', () => {
  let network: DenseNetwork;
  let splits: Splits;

  beforeAll(async () => {
    await initBackend();
    splits = friedmanSplits(400, 3);
    network = createNetwork(mlpConfig([6, 5]), 10, 1, 'REGRESSION');
    network.layers.forEach((layer, l) => layer.bias.forEach((_, u) => (layer.bias[u] = 0.1 * (u + 1) - 0.05 * l)));
  });

  it('shrinks the layer and the next kernel', () => {
    const shrunk = removeUnits(network, 0, [1, 4]);

    expect(shrunk.layers[0].units).toBe(4);
    expect(shrunk.layers[0].kernel.length).toBe(10 * 4);
    expect(Array.from(shrunk.layers[0].bias)).toEqual([0, 2, 3, 5].map((u) => network.layers[0].bias[u]));
    expect(shrunk.layers[1].inputSize).toBe(4);
    expect(Array.from(shrunk.layers[1].kernel.subarray(5, 10))).toEqual(Array.from(network.layers[1].kernel.subarray(10, 15)));
  });

  it('computes the original with silenced units', () => {
    const shrunk = removeUnits(network, 1, [0, 2, 3]);
    const expected = predictMatrix(silenceUnits(network, 1, [0, 2, 3]), splits.test);
    const actual = predictMatrix(shrunk, splits.test);

    expect(maxAbsDifference(actual.values, expected.values)).toBeLessThan(1e-5);
  });

  it('rejects emptying a layer', () => {
    expect(() => removeUnits(network, 1, [0, 1, 2, 3, 4])).toThrow(/would empty layer 1/);
  });

  it('rejects the output layer', () => {
    expect(() => removeUnits(network, 2, [0])).toThrow(/layer 2 is not a hidden layer/);
  });

  it('leaves the source unchanged', () => {
    const before = network.layers[0].kernel.slice();
    removeUnits(network, 0, [0]);

    expect(network.layers[0].kernel).toEqual(before);
  });
});

describe('unit selection', () => {
  it('removes half of each layer, keeping one', () => {
    const selected = lowestPerLayer([Float32Array.from([4, 1, 3, 2]), Float32Array.from([9])], 0.5);

    expect(selected).toEqual([[1, 3], []]);
  });

  it('ranks globally after per-layer L2 normalization', () => {
    // Layer 0 normalized: [0.6, 0.8]; layer 1: [0.0995, 0.995, 0], so units 2 and 0 of layer 1 go first.
    const selected = lowestGlobally([Float32Array.from([3, 4]), Float32Array.from([1, 10, 0.0])], 2);

    expect(selected).toEqual([[], [0, 2]]);
  });

  it('never empties a layer in global selection', () => {
    const selected = lowestGlobally([Float32Array.from([0.1, 0.2]), Float32Array.from([5, 6])], 2);

    expect(selected).toEqual([[0], [0]]);
  });
});

describe('NEURON_PRUNING', () => {
  let splits: Splits;
  let network: DenseNetwork;
  const config = mlpConfig([64, 64], { epochs: 3 });

  beforeAll(async () => {
    await initBackend();
    splits = friedmanSplits(1000, 5);
    network = await trainOn(splits, config);
  });

  it('halves each hidden layer with fraction 0.5', async () => {
    const result = await compress('NEURON_PRUNING', compressionInput(network, splits, config, { fraction: 0.5, fineTuneEpochs: 0 }));

    expect(result.network.layers.map((layer) => layer.units)).toEqual([32, 32, 1]);
    expect(parameterCount(result.network)).toBe(10 * 32 + 32 + 32 * 32 + 32 + 32 + 1);
    expect(result.removedNeurons).toHaveLength(64);
    expect(result.removedNeurons.filter((neuron) => neuron.layer === 0)).toHaveLength(32);
  });

  it('exports the shrunk model for plain tfjs', async () => {
    const result = await compress('NEURON_PRUNING', compressionInput(network, splits, config, { fraction: 0.5, fineTuneEpochs: 0 }));
    const { modelJson, weightData } = exportLayersModel(result.network);

    const loaded = await tf.loadLayersModel(tf.io.fromMemory(layersModelArtifacts(modelJson, weightData)));
    const kernels = loaded.layers.map((layer) => layer.getWeights()[0].shape);
    expect(kernels).toEqual([[10, 32], [32, 32], [32, 1]]);

    const input = tf.tensor2d(splits.test.values, [splits.test.rows, splits.test.cols]);
    const outputs = (loaded.predict(input) as tf.Tensor).dataSync();
    const expected = predictMatrix(result.network, splits.test).values;
    // Folding the standardization into the first layer rounds differently in float32.
    const scale = Math.max(1, ...Array.from(expected, Math.abs));
    expect(maxAbsDifference(Float32Array.from(outputs), expected)).toBeLessThan(1e-5 * scale);
  });

  it('matches the original with silenced units before fine-tuning', async () => {
    const result = await compress('NEURON_PRUNING', compressionInput(network, splits, config, { fraction: 0.5, fineTuneEpochs: 0 }));

    let silenced = network;
    for (const layer of [0, 1]) {
      const units = result.removedNeurons.filter((neuron) => neuron.layer === layer).map((neuron) => neuron.index);
      silenced = silenceUnits(silenced, layer, units);
    }
    // Silencing layer 0 units leaves their activations in place, but they reach nothing once their outgoing rows are zero.
    const expected = predictMatrix(silenced, splits.test);
    const actual = predictMatrix(result.network, splits.test);

    expect(maxAbsDifference(actual.values, expected.values)).toBeLessThan(1e-5);
  });

  it('keeps the only unit of a layer', async () => {
    const narrow = createNetwork(mlpConfig([1, 4]), 10, 1, 'REGRESSION');
    const result = await compress('NEURON_PRUNING', compressionInput(narrow, splits, mlpConfig([1, 4]), { fraction: 0.5, fineTuneEpochs: 0 }));

    expect(result.network.layers.map((layer) => layer.units)).toEqual([1, 2, 1]);
  });

  it('reports progress by phase', async () => {
    const reports: Array<[CompressionPhase, number]> = [];
    const input = { ...compressionInput(network, splits, config, { fraction: 0.25, fineTuneEpochs: 2 }), onProgress: (phase: CompressionPhase, fraction: number) => void reports.push([phase, fraction]) };
    await compress('NEURON_PRUNING', input);

    expect(reports).toEqual([['scoring', 0], ['pruning', 1], ['fine-tuning', 0.5], ['fine-tuning', 1]]);
  });

  it('stops when cancelled during fine-tuning', async () => {
    let checks = 0;
    const input = { ...compressionInput(network, splits, config, { fraction: 0.25, fineTuneEpochs: 5 }), isCancelled: () => ++checks > 3 };
    const run = compress('NEURON_PRUNING', input);

    await expect(run).rejects.toThrow(CompressionCancelledError);
    await expect(run).rejects.toThrow('compression was cancelled during fine-tuning');
  });

  it('removes a global count with TAYLOR and fine-tunes', async () => {
    const result = await compress('NEURON_PRUNING', compressionInput(network, splits, config, { count: 40, criterion: 'TAYLOR', fineTuneEpochs: 1 }));
    const hidden = result.network.layers.slice(0, -1).map((layer) => layer.units);

    expect(hidden[0] + hidden[1]).toBe(128 - 40);
    expect(result.removedNeurons).toHaveLength(40);
    expect(result.details.fineTuneEpochs).toBe(1);
  });
});
