import { describe, expect, it } from 'vitest';
import { createNetwork } from '../../src/ml/build.js';
import { cloneNetwork, type DenseNetwork } from '../../src/ml/network.js';
import { canonicalWeightBytes, decodeNetwork, encodeNetwork, weightsHash } from '../../src/ml/serialize.js';
import { createRandom } from '../../src/core/random.js';
import { sha256Hex } from '../../src/core/hash.js';

function mlp(seed: number): DenseNetwork {
  const network = createNetwork({ architecture: 'MLP', hiddenUnits: [32, 16], activation: 'relu', seed }, 20, 3, 'MULTICLASS');
  const random = createRandom(seed + 100);
  network.inputMean = Float32Array.from(network.inputMean, () => random.normal());
  network.inputScale = Float32Array.from(network.inputScale, () => 0.5 + random.next());
  for (const layer of network.layers) layer.bias = Float32Array.from(layer.bias, () => random.normal());
  return network;
}

/** Zeroes a share of every kernel, chosen by a seeded generator. */
function sparsify(network: DenseNetwork, sparsity: number, seed: number): DenseNetwork {
  const random = createRandom(seed);
  const copy = cloneNetwork(network);
  for (const layer of copy.layers) layer.kernel = layer.kernel.map((w) => (random.next() < sparsity ? 0 : w));
  return copy;
}

describe('canonicalWeightBytes', () => {
  it('lays out header then float32 tensors', () => {
    const network: DenseNetwork = {
      architecture: 'LINEAR',
      outputKind: 'REGRESSION',
      inputSize: 2,
      inputMean: Float32Array.from([1, 2]),
      inputScale: Float32Array.from([3, 4]),
      layers: [{ inputSize: 2, units: 1, activation: 'linear', kernel: Float32Array.from([5, -0]), bias: Float32Array.from([6]) }],
    };
    const bytes = canonicalWeightBytes(network);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = view.getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength)));
    const floats = Array.from({ length: 7 }, (_, i) => view.getFloat32(4 + headerLength + 4 * i, true));

    expect(header.layers).toEqual([{ inputSize: 2, units: 1, activation: 'linear' }]);
    expect(bytes.length).toBe(4 + headerLength + 7 * 4);
    expect(floats).toEqual([1, 2, 3, 4, 5, 0, 6]);
    expect(Object.is(floats[5], 0)).toBe(true);
    expect(weightsHash(network)).toBe(sha256Hex(bytes));
  });

  it('hash changes with any weight or activation', () => {
    const network = mlp(1);
    const changedWeight = cloneNetwork(network);
    changedWeight.layers[2].kernel[0] += 1e-3;
    const changedActivation = cloneNetwork(network);
    changedActivation.layers[0].activation = 'tanh';

    expect(weightsHash(cloneNetwork(network))).toBe(weightsHash(network));
    expect(weightsHash(changedWeight)).not.toBe(weightsHash(network));
    expect(weightsHash(changedActivation)).not.toBe(weightsHash(network));
  });
});

describe('encodeNetwork', () => {
  it('round-trips exactly', () => {
    const network = mlp(2);
    network.layers[0].kernel[3] = -0;
    network.layers[1].bias[0] = Number.NaN;

    const decoded = decodeNetwork(encodeNetwork(network));

    expect(decoded).toEqual(network);
    expect(Object.is(decoded.layers[0].kernel[3], -0)).toBe(true);
    expect(Number.isNaN(decoded.layers[1].bias[0])).toBe(true);
  });

  it('round-trips a sparse network exactly', () => {
    const network = sparsify(mlp(3), 0.9, 4);
    const decoded = decodeNetwork(encodeNetwork(network));

    expect(decoded).toEqual(network);
    expect(weightsHash(decoded)).toBe(weightsHash(network));
  });

  it('stores a 90%-sparse network in under half its dense size', () => {
    const dense = mlp(5);
    const sparse = sparsify(dense, 0.9, 6);
    const denseSize = encodeNetwork(dense).length;
    const sparseSize = encodeNetwork(sparse).length;

    console.log(`encoded bytes: dense ${denseSize}, 90% sparse ${sparseSize}`);
    expect(sparseSize).toBeLessThan(0.5 * denseSize);
  });

  it('rejects damaged bytes', () => {
    const bytes = encodeNetwork(mlp(7));

    expect(() => decodeNetwork(bytes.subarray(0, bytes.length - 1))).toThrow('truncated');
    expect(() => decodeNetwork(Buffer.concat([bytes, Buffer.from([0])]))).toThrow('1 bytes after its last tensor');
    expect(() => decodeNetwork(Buffer.from('not a network'))).toThrow('magic DNW1');
  });
});
