import { beforeAll, describe, expect, it } from 'vitest';
import { computeImportance } from '../../src/explain/methods.js';
import { initBackend } from '../../src/ml/backend.js';
import { explainInput, linearNetwork, meansOf, normalMatrix, rowOf } from './fixtures.js';

const beta = [2, -1, 0.5, 3];
const intercept = 1;
const mean = [1, -2, 0.5, 10];
const scale = [2, 0.5, 3, 4];
const network = linearNetwork(beta, intercept, mean, scale);
const data = normalMatrix(30, mean, scale, 1);
const background = normalMatrix(40, mean, scale, 2);
const backgroundMean = meansOf(background);
const f = (x: number[]) => x.reduce((sum, value, j) => sum + beta[j] * value, intercept);

beforeAll(async () => {
  await initBackend();
});

/** Returns the largest |f(x)| over the data, the output scale tolerances refer to. */
function outputScale(): number {
  let scaleOfOutput = 0;
  for (let r = 0; r < data.rows; r++) scaleOfOutput = Math.max(scaleOfOutput, Math.abs(f(rowOf(data, r))));
  return scaleOfOutput;
}

describe('attribution of a linear model', () => {
  it('kernel SHAP equals β_j·(x_j − background mean)', async () => {
    const result = await computeImportance('KERNEL_SHAP', explainInput(network, data, background, { options: { backgroundSize: 40 } }));
    const perSample = result.perSample!;
    expect(perSample.rowIndices).toHaveLength(30);

    for (let r = 0; r < 30; r++) {
      const x = rowOf(data, perSample.rowIndices[r]);
      for (let j = 0; j < 4; j++) {
        const expected = beta[j] * (x[j] - backgroundMean[j]);
        expect(Math.abs(perSample.attributions.values[r * 4 + j] - expected)).toBeLessThan(1e-3 * outputScale());
      }
    }
    expect(result.checks[0].passed).toBe(true);
  });

  it('kernel SHAP with sampled coalitions stays exact', async () => {
    const wideBeta = Array.from({ length: 12 }, (_, j) => (j % 3) - 1 + 0.25 * j);
    const wideMean = Array.from({ length: 12 }, (_, j) => j - 3);
    const wideScale = Array.from({ length: 12 }, (_, j) => 1 + 0.1 * j);
    const wide = linearNetwork(wideBeta, 0.5, wideMean, wideScale);
    const rows = normalMatrix(5, wideMean, wideScale, 3);
    const back = normalMatrix(20, wideMean, wideScale, 4);
    const backMean = meansOf(back);

    const result = await computeImportance('KERNEL_SHAP', explainInput(wide, rows, back, { options: { shapSamples: 300, backgroundSize: 20 } }));
    expect(result.notes[0]).toContain('0 of 5 rows enumerated every coalition');
    for (let r = 0; r < 5; r++) {
      const x = rowOf(rows, r);
      for (let j = 0; j < 12; j++) {
        expect(result.perSample!.attributions.values[r * 12 + j]).toBeCloseTo(wideBeta[j] * (x[j] - backMean[j]), 3);
      }
    }
  });

  it('integrated gradients equals β_j·(x_j − baseline_j)', async () => {
    const baseline = [0.5, 1, -1, 2];
    const result = await computeImportance('INTEGRATED_GRADIENTS', explainInput(network, data, background, { options: { baseline } }));
    const perSample = result.perSample!;

    for (let r = 0; r < 30; r++) {
      const x = rowOf(data, perSample.rowIndices[r]);
      for (let j = 0; j < 4; j++) {
        const expected = beta[j] * (x[j] - baseline[j]);
        expect(Math.abs(perSample.attributions.values[r * 4 + j] - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
      }
    }
    expect(result.checks.every((check) => check.passed)).toBe(true);
  });

  it('integrated gradients with the trapezoid rule is exact too', async () => {
    const result = await computeImportance('INTEGRATED_GRADIENTS', explainInput(network, data, background, { options: { integration: 'riemann_trapezoid', steps: 7 } }));
    const x = rowOf(data, result.perSample!.rowIndices[0]);
    for (let j = 0; j < 4; j++) {
      expect(result.perSample!.attributions.values[j]).toBeCloseTo(beta[j] * (x[j] - Math.fround(backgroundMean[j])), 4);
    }
  });

  it('gradient × input is x_j·β_j per row', async () => {
    const result = await computeImportance('GRADIENT_X_INPUT', explainInput(network, data, background));
    for (let j = 0; j < 4; j++) {
      let absolute = 0;
      let signed = 0;
      for (let r = 0; r < 30; r++) {
        absolute += Math.abs(beta[j] * data.values[r * 4 + j]) / 30;
        signed += (beta[j] * data.values[r * 4 + j]) / 30;
      }
      const score = result.scores[j];
      expect(score.value).toBeCloseTo(absolute, 4);
      expect(score.signedValue).toBeCloseTo(signed, 4);
    }
  });

  it('saliency is |β_j| with zero spread', async () => {
    const result = await computeImportance('SALIENCY', explainInput(network, data, background));
    result.scores.forEach((score, j) => {
      expect(score.value).toBeCloseTo(Math.abs(beta[j]), 6);
      expect(score.std).toBeCloseTo(0, 6);
      expect(score.rank).toBe([2, 3, 4, 1][j]);
    });
    expect(result.sampleCount).toBe(30);
  });

  it('relative sensitivity is β_j / f(x)', async () => {
    const result = await computeImportance('RELATIVE_SENSITIVITY', explainInput(network, data, background));
    const perSample = result.perSample!;
    for (let r = 0; r < 30; r++) {
      const x = rowOf(data, perSample.rowIndices[r]);
      for (let j = 0; j < 4; j++) {
        expect(perSample.attributions.values[r * 4 + j]).toBeCloseTo(beta[j] / f(x), 4);
      }
    }
    expect(result.skippedSamples).toBe(0);
  });

  it('LIME recovers β_j times the background std', async () => {
    const result = await computeImportance('LIME', explainInput(network, data, background, { options: { samples: 3 } }));
    const std = backgroundMean.map((m, j) => {
      let sum = 0;
      for (let r = 0; r < background.rows; r++) sum += (background.values[r * 4 + j] - m) ** 2;
      return Math.sqrt(sum / background.rows);
    });

    for (let r = 0; r < 3; r++) {
      for (let j = 0; j < 4; j++) {
        const expected = beta[j] * std[j];
        expect(Math.abs(result.perSample!.attributions.values[r * 4 + j] - expected)).toBeLessThan(0.01 * Math.abs(expected));
      }
    }
    expect(result.options.kernelWidth).toBeCloseTo(1.5, 12);
  });

  it('permutation scores an unused column exactly 0', async () => {
    const sparse = linearNetwork([2, 0, 0.5, 3], intercept, mean, scale);
    const target = new Float32Array(data.rows);
    for (let r = 0; r < data.rows; r++) target[r] = f(rowOf(data, r)) + 0.1 * Math.sin(r);

    const result = await computeImportance('PERMUTATION', explainInput(sparse, data, background, { target }));
    expect(result.scores[1].value).toBe(0);
    expect(result.scores[1].std).toBe(0);
    expect(result.scores[3].value).toBeGreaterThan(result.scores[2].value);
    expect(result.scores[3].rank).toBe(1);
    expect(result.sampleCount).toBe(30);
  });
});
