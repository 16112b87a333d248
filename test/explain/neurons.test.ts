import { beforeAll, describe, expect, it } from 'vitest';
import { computeImportance } from '../../src/explain/methods.js';
import { initBackend } from '../../src/ml/backend.js';
import type { DenseNetwork, OutputKind } from '../../src/ml/network.js';
import { explainInput, normalMatrix, rowOf } from './fixtures.js';

const W0 = [[1, -2, 0.5], [0.5, 1, -1]];
const B0 = [0.1, 0, -0.2];
const W1 = [[1, -1], [0.5, 2], [-1, 0]];
const B1 = [0, 0.5];
const WOUT = [2, -1];
const BOUT = 0.3;
const MEAN = [1, 2];
const SCALE = [2, 4];

/** Builds the 2 → 3 → 2 → 1 ReLU network above for a regression or binary task. */
function smallNetwork(task: OutputKind): DenseNetwork {
  return {
    architecture: 'MLP',
    outputKind: task,
    inputSize: 2,
    inputMean: Float32Array.from(MEAN),
    inputScale: Float32Array.from(SCALE),
    layers: [
      { inputSize: 2, units: 3, activation: 'relu', kernel: Float32Array.from(W0.flat()), bias: Float32Array.from(B0) },
      { inputSize: 3, units: 2, activation: 'relu', kernel: Float32Array.from(W1.flat()), bias: Float32Array.from(B1) },
      { inputSize: 2, units: 1, activation: task === 'BINARY' ? 'sigmoid' : 'linear', kernel: Float32Array.from(WOUT), bias: Float32Array.of(BOUT) },
    ],
  };
}

/** Runs the network in float64 and returns activations, logit and the derivatives of the logit. */
function reference(x: number[]) {
  const s = x.map((value, i) => (value - MEAN[i]) / SCALE[i]);
  const z0 = B0.map((b, u) => b + s[0] * W0[0][u] + s[1] * W0[1][u]);
  const a0 = z0.map((z) => Math.max(0, z));
  const z1 = B1.map((b, u) => b + a0.reduce((sum, a, v) => sum + a * W1[v][u], 0));
  const a1 = z1.map((z) => Math.max(0, z));
  const logit = BOUT + a1[0] * WOUT[0] + a1[1] * WOUT[1];
  const dLogitDa1 = WOUT;
  const dLogitDa0 = a0.map((_, v) => z1.reduce((sum, z, u) => sum + (z > 0 ? WOUT[u] * W1[v][u] : 0), 0));
  return { a0, a1, logit, dLogitDa0, dLogitDa1 };
}

const data = normalMatrix(50, MEAN, SCALE, 9);
const background = normalMatrix(20, MEAN, SCALE, 10);

beforeAll(async () => {
  await initBackend();
});

describe('neuron importance', () => {
  it('weight L1 sums incoming kernel weights', async () => {
    const result = await computeImportance('WEIGHT_L1', explainInput(smallNetwork('REGRESSION'), data, background));
    expect(result.targetKind).toBe('NEURON');
    expect(result.scores.map((score) => [score.name, score.layer, score.index, score.value, score.rank])).toEqual([
      ['layer0/unit0', 0, 0, 1.5, 2],
      ['layer0/unit1', 0, 1, 3, 1],
      ['layer0/unit2', 0, 2, 1.5, 3],
      ['layer1/unit0', 1, 0, 2.5, 2],
      ['layer1/unit1', 1, 1, 3, 1],
    ]);
    expect(result.scores.every((score) => score.std === null && score.targetKind === 'NEURON')).toBe(true);
  });

  it('mean activation is the mean of |a| over rows', async () => {
    const result = await computeImportance('MEAN_ACTIVATION', explainInput(smallNetwork('REGRESSION'), data, background));
    const rows = Array.from({ length: 50 }, (_, r) => reference(rowOf(data, r)));
    const expected = [
      ...[0, 1, 2].map((u) => rows.reduce((sum, row) => sum + row.a0[u], 0) / 50),
      ...[0, 1].map((u) => rows.reduce((sum, row) => sum + row.a1[u], 0) / 50),
    ];
    result.scores.forEach((score, i) => expect(score.value).toBeCloseTo(expected[i], 5));
    expect(result.sampleCount).toBe(50);
  });

  it.each(['REGRESSION', 'BINARY'] as const)('taylor matches |a·∂L/∂a| for %s', async (task) => {
    const target = Float32Array.from({ length: 50 }, (_, r) => (task === 'BINARY' ? r % 2 : Math.sin(r)));
    const result = await computeImportance('TAYLOR', explainInput(smallNetwork(task), data, background, { target, options: { batchSize: 16 } }));

    const sums = new Array<number>(5).fill(0);
    for (let r = 0; r < 50; r++) {
      const row = reference(rowOf(data, r));
      // Squared error differentiates to 2(ŷ − y), cross-entropy on the logit to σ(z) − y.
      const dLossDLogit = task === 'BINARY' ? 1 / (1 + Math.exp(-row.logit)) - target[r] : 2 * (row.logit - target[r]);
      row.a0.forEach((a, u) => (sums[u] += Math.abs(a * dLossDLogit * row.dLogitDa0[u]) / 50));
      row.a1.forEach((a, u) => (sums[3 + u] += Math.abs(a * dLossDLogit * row.dLogitDa1[u]) / 50));
    }
    expect(Math.max(...sums)).toBeGreaterThan(0.1);
    result.scores.forEach((score, i) => expect(score.value).toBeCloseTo(sums[i], 4));
  });
});
