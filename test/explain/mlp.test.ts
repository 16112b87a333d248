import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { computeImportance } from '../../src/explain/methods.js';
import { initBackend } from '../../src/ml/backend.js';
import { predictMatrix } from '../../src/ml/forward.js';
import type { Matrix } from '../../src/ml/matrix.js';
import type { DenseNetwork } from '../../src/ml/network.js';
import { explainInput, normalMatrix, randomMlp, rowOf } from './fixtures.js';

const mean = [-1, -0.5, 0, 0.5, 1, 1.5];
const spread = [0.5, 0.75, 1, 1.25, 1.5, 1.75];

beforeAll(async () => {
  await initBackend();
});

/** Returns exact interventional Shapley values of one row by enumerating every subset. */
function bruteForceShapley(network: DenseNetwork, x: number[], background: Matrix, output: (values: Float32Array, row: number) => number): number[] {
  const m = x.length;
  const value = new Map<number, number>();
  for (let mask = 0; mask < 1 << m; mask++) {
    const rows = new Float32Array(background.values);
    for (let b = 0; b < background.rows; b++) for (let j = 0; j < m; j++) if (mask & (1 << j)) rows[b * m + j] = x[j];
    const outputs = predictMatrix(network, { rows: background.rows, cols: m, values: rows });
    let total = 0;
    for (let b = 0; b < background.rows; b++) total += output(outputs.values, b);
    value.set(mask, total / background.rows);
  }

  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  return Array.from({ length: m }, (_, i) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      const size = mask.toString(2).split('1').length - 1;
      phi += ((factorial(size) * factorial(m - size - 1)) / factorial(m)) * (value.get(mask | (1 << i))! - value.get(mask)!);
    }
    return phi;
  });
}

describe('attribution of an MLP', () => {
  const network = randomMlp(6, [16, 8], 'REGRESSION', 1, 11);
  const data = normalMatrix(40, mean, spread, 21);
  const background = normalMatrix(60, mean, spread, 22);

  it('integrated gradients sums to f(x) − f(baseline) within 1%', async () => {
    const result = await computeImportance('INTEGRATED_GRADIENTS', explainInput(network, data, background));
    const delta = result.perSample!.convergenceDelta!;
    const baselineOutput = predictMatrix(network, { rows: 1, cols: 6, values: Float32Array.from(mean.map((_, j) => {
      let sum = 0;
      for (let r = 0; r < background.rows; r++) sum += background.values[r * 6 + j];
      return sum / background.rows;
    })) }).values[0];
    const outputs = predictMatrix(network, data).values;

    for (let r = 0; r < data.rows; r++) {
      const attributions = Array.from(result.perSample!.attributions.values.subarray(r * 6, (r + 1) * 6));
      const total = attributions.reduce((sum, value) => sum + value, 0);
      const expected = outputs[r] - baselineOutput;
      expect(Math.abs(total - expected)).toBeLessThan(0.01 * Math.abs(expected));
      expect(delta[r]).toBeCloseTo(total - expected, 5);
    }
    expect(result.checks.map((check) => check.passed)).toEqual([true, true]);
  });

  it('kernel SHAP meets efficiency and matches exact Shapley values', async () => {
    const result = await computeImportance('KERNEL_SHAP', explainInput(network, data, background, { options: { samples: 8, backgroundSize: 60 } }));
    const perSample = result.perSample!;
    const outputs = predictMatrix(network, data).values;
    const expectedValue = predictMatrix(network, background).values.reduce((sum, value) => sum + value, 0) / background.rows;
    const scale = Math.max(...Array.from(outputs, Math.abs));

    for (let r = 0; r < 8; r++) {
      const row = perSample.rowIndices[r];
      const phi = Array.from(perSample.attributions.values.subarray(r * 6, (r + 1) * 6));
      const total = phi.reduce((sum, value) => sum + value, 0);
      expect(Math.abs(total - (outputs[row] - expectedValue))).toBeLessThan(1e-3 * scale);

      const exact = bruteForceShapley(network, rowOf(data, row), background, (values, b) => values[b]);
      phi.forEach((value, j) => expect(Math.abs(value - exact[j])).toBeLessThan(1e-4 * scale));
    }
    expect(result.checks[0].passed).toBe(true);
  });

  it('kernel SHAP efficiency holds with sampled coalitions', async () => {
    const wide = randomMlp(14, [12], 'REGRESSION', 1, 12);
    const wideMean = Array.from({ length: 14 }, (_, j) => j / 4);
    const wideSpread = Array.from({ length: 14 }, () => 1);
    const rows = normalMatrix(6, wideMean, wideSpread, 23);
    const back = normalMatrix(30, wideMean, wideSpread, 24);

    const result = await computeImportance('KERNEL_SHAP', explainInput(wide, rows, back, { options: { shapSamples: 200 } }));
    const outputs = predictMatrix(wide, rows).values;
    const expectedValue = predictMatrix(wide, back).values.reduce((sum, value) => sum + value, 0) / back.rows;
    for (let r = 0; r < 6; r++) {
      const total = result.perSample!.attributions.values.subarray(r * 14, (r + 1) * 14).reduce((sum, value) => sum + value, 0);
      expect(Math.abs(total - (outputs[r] - expectedValue))).toBeLessThan(1e-3 * Math.max(...Array.from(outputs, Math.abs)));
    }
    expect(result.options.shapSamples).toBe(200);
  });

  it('binary classifier explains the predicted class probability', async () => {
    const binary = randomMlp(6, [10], 'BINARY', 2, 13);
    const background30: Matrix = { rows: 30, cols: 6, values: background.values.subarray(0, 30 * 6) };
    const result = await computeImportance('KERNEL_SHAP', explainInput(binary, data, background30, { options: { samples: 10 } }));
    const probabilities = predictMatrix(binary, data).values;
    const perSample = result.perSample!;
    expect(perSample.rowIndices).toHaveLength(10);

    for (let r = 0; r < 10; r++) {
      const row = perSample.rowIndices[r];
      const predicted = probabilities[row] >= 0.5 ? 1 : 0;
      expect(perSample.explainedClass[r]).toBe(predicted);
      const output = (values: Float32Array, b: number) => (predicted === 1 ? values[b] : 1 - values[b]);
      const exact = bruteForceShapley(binary, rowOf(data, row), background30, output);
      const phi = Array.from(perSample.attributions.values.subarray(r * 6, (r + 1) * 6));
      phi.forEach((value, j) => expect(value).toBeCloseTo(exact[j], 4));
    }
    expect(new Set(perSample.explainedClass).size).toBe(2);
  });

  it('multiclass IG is complete for a fixed target class', async () => {
    const multiclass = randomMlp(6, [12], 'MULTICLASS', 3, 14);
    const result = await computeImportance('INTEGRATED_GRADIENTS', explainInput(multiclass, data, background, { options: { targetClass: 2, baseline: 'zero' } }));
    const outputs = predictMatrix(multiclass, data);
    const atZero = predictMatrix(multiclass, { rows: 1, cols: 6, values: new Float32Array(6) });

    expect(Array.from(result.perSample!.explainedClass)).toEqual(new Array(40).fill(2));
    for (let r = 0; r < data.rows; r++) {
      const total = result.perSample!.attributions.values.subarray(r * 6, (r + 1) * 6).reduce((sum, value) => sum + value, 0);
      const expected = outputs.values[r * 3 + 2] - atZero.values[2];
      expect(Math.abs(total - expected)).toBeLessThan(0.01 * Math.abs(expected) + 1e-6);
    }
  });

  it('no method returns NaN on a classifier', async () => {
    const multiclass = randomMlp(6, [12], 'MULTICLASS', 3, 15, 'relu');
    const target = Float32Array.from({ length: data.rows }, (_, r) => r % 3);
    for (const method of ['PERMUTATION', 'SALIENCY', 'GRADIENT_X_INPUT', 'RELATIVE_SENSITIVITY', 'INTEGRATED_GRADIENTS', 'KERNEL_SHAP', 'LIME', 'WEIGHT_L1', 'MEAN_ACTIVATION', 'TAYLOR'] as const) {
      const result = await computeImportance(method, explainInput(multiclass, data, background, { target, options: { samples: 5, limeSamples: 200, backgroundSize: 20 } }));
      for (const score of result.scores) expect(Number.isFinite(score.value), `${method} ${score.name}`).toBe(true);
    }
  });
});

describe('tensor memory', () => {
  it('stays flat across methods', async () => {
    const network = randomMlp(6, [8, 4], 'MULTICLASS', 3, 16, 'relu');
    const data = normalMatrix(20, mean, spread, 25);
    const background = normalMatrix(20, mean, spread, 26);
    const target = Float32Array.from({ length: 20 }, (_, r) => r % 3);
    const runAll = async () => {
      for (const method of ['PERMUTATION', 'SALIENCY', 'GRADIENT_X_INPUT', 'RELATIVE_SENSITIVITY', 'INTEGRATED_GRADIENTS', 'KERNEL_SHAP', 'LIME', 'MEAN_ACTIVATION', 'TAYLOR'] as const) {
        await computeImportance(method, explainInput(network, data, background, { target, options: { samples: 4, limeSamples: 100, batchSize: 64 } }));
      }
    };

    await runAll();
    const before = tf.memory().numTensors;
    await runAll();
    expect(tf.memory().numTensors).toBe(before);
  });
});
