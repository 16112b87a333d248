import { describe, expect, it } from 'vitest';
import { ExplainValidationError } from '../../src/explain/errors.js';
import { averageRanks, compareExplanations, kendallTauB, spearman } from '../../src/explain/compare.js';
import { predictionFidelity } from '../../src/explain/fidelity.js';
import { activeFeatures, effectiveFeatureCount, giniSparseness, interpretabilityMeasures } from '../../src/explain/measures.js';
import type { DenseNetwork } from '../../src/ml/network.js';

/** 3 inputs → 2 hidden → 1: input 2 has no weights, input 1 reaches only a unit with a zero output weight. */
const partlyDisconnected: DenseNetwork = {
  architecture: 'MLP',
  outputKind: 'REGRESSION',
  inputSize: 3,
  inputMean: new Float32Array(3),
  inputScale: new Float32Array(3).fill(1),
  layers: [
    { inputSize: 3, units: 2, activation: 'relu', kernel: Float32Array.of(1, 0, 0, 2, 0, 0), bias: Float32Array.of(0.5, 0.5) },
    { inputSize: 2, units: 1, activation: 'linear', kernel: Float32Array.of(3, 0), bias: Float32Array.of(1) },
  ],
};

describe('interpretability measures', () => {
  it('active features follow non-zero paths', () => {
    expect(activeFeatures(partlyDisconnected)).toEqual([0]);
    const connected = { ...partlyDisconnected, layers: [partlyDisconnected.layers[0], { ...partlyDisconnected.layers[1], kernel: Float32Array.of(3, -1) }] };
    expect(activeFeatures(connected)).toEqual([0, 1]);
  });

  it('effective feature count on known vectors', () => {
    expect(effectiveFeatureCount([1, 1, 1, 1])).toBeCloseTo(4, 12);
    expect(effectiveFeatureCount([0, -5, 0])).toBe(1);
    expect(effectiveFeatureCount([0, 0])).toBe(0);
    expect(effectiveFeatureCount([])).toBe(0);
    expect(effectiveFeatureCount([1, -3])).toBeCloseTo(Math.exp(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75))), 12);
  });

  it('Gini sparseness on known vectors', () => {
    expect(giniSparseness([0, 0, 0, 1])).toBeCloseTo(0.75, 12);
    expect(giniSparseness([2, 2, 2, 2])).toBe(0);
    expect(giniSparseness([4, -1, 3, 2])).toBeCloseTo(0.25, 12);
    expect(giniSparseness([0, 0, 0])).toBe(0);
    expect(giniSparseness([7])).toBe(0);
  });

  it('collects every measure', () => {
    expect(interpretabilityMeasures(partlyDisconnected, [0, 0, 0, 1])).toEqual({ activeFeatures: 1, effectiveFeatures: 1, giniSparseness: 0.75, nonZeroParameters: 6 });
  });
});

describe('explanation comparison', () => {
  const a = [{ name: 'a', value: 5 }, { name: 'b', value: 4 }, { name: 'c', value: 3 }, { name: 'd', value: 2 }, { name: 'e', value: 1 }];
  const b = [{ name: 'b', value: 5 }, { name: 'a', value: 4 }, { name: 'd', value: 3 }, { name: 'c', value: 2 }, { name: 'f', value: 1 }];

  it('compares over the union of features', () => {
    const comparison = compareExplanations(a, b, { k: 3 });
    expect(comparison.featureCount).toBe(6);
    expect(comparison.k).toBe(3);
    expect(comparison.spearman).toBeCloseTo(29 / 35, 12);
    expect(comparison.kendallTau).toBeCloseTo(0.6, 12);
    expect(comparison.featureAgreement).toBeCloseTo(2 / 3, 12);
    expect(comparison.rankAgreement).toBe(0);
    expect(comparison.signAgreement).toBeCloseTo(2 / 3, 12);
  });

  it('sign agreement uses signed values', () => {
    const signed = a.map((entry) => (entry.name === 'b' ? { ...entry, signedValue: -4 } : entry));
    expect(compareExplanations(signed, b, { k: 3 }).signAgreement).toBeCloseTo(1 / 3, 12);
  });

  it('identical explanations agree fully', () => {
    expect(compareExplanations(a, a)).toEqual({ featureCount: 5, k: 5, spearman: 1, kendallTau: 1, featureAgreement: 1, rankAgreement: 1, signAgreement: 1 });
  });

  it('clamps k to the feature count', () => {
    expect(compareExplanations(a.slice(0, 2), a.slice(0, 2)).k).toBe(2);
  });

  it('Spearman and Kendall handle ties', () => {
    expect(averageRanks([1, 2, 2, 3])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 12);
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(5 / Math.sqrt(30), 12);
  });

  it('returns null correlations for a constant vector', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('rejects duplicate features and a zero k', () => {
    expect(() => compareExplanations([...a, a[0]], b)).toThrow(ExplainValidationError);
    expect(() => compareExplanations(a, b, { k: 0 })).toThrow(/k 0 is invalid/);
  });
});

describe('prediction fidelity', () => {
  it('class agreement and changed rows for a binary model', () => {
    const original = { rows: 4, cols: 1, values: Float32Array.of(0.9, 0.2, 0.6, 0.4) };
    const compressed = { rows: 4, cols: 1, values: Float32Array.of(0.8, 0.6, 0.55, 0.3) };
    const fidelity = predictionFidelity('BINARY', original, compressed);
    expect(fidelity.classAgreement).toBe(0.75);
    expect(fidelity.outputR2).toBeNull();
    // In float32, |0.4 − 0.3| is slightly above |0.9 − 0.8|, so row 3 precedes row 0.
    expect(fidelity.exemplars.map((exemplar) => exemplar.row)).toEqual([1, 3, 0, 2]);
    expect(fidelity.exemplars.map((exemplar) => exemplar.classChanged)).toEqual([true, false, false, false]);
    expect(fidelity.exemplars[0].distance).toBeCloseTo(0.4, 6);
  });

  it('R² of regression outputs', () => {
    const original = { rows: 4, cols: 1, values: Float32Array.of(1, 2, 3, 4) };
    const compressed = { rows: 4, cols: 1, values: Float32Array.of(1, 2, 3, 5) };
    const fidelity = predictionFidelity('REGRESSION', original, compressed, 2);
    expect(fidelity.outputR2).toBeCloseTo(0.8, 12);
    expect(fidelity.classAgreement).toBeNull();
    expect(fidelity.exemplars).toEqual([{ row: 3, distance: 1, classChanged: false }, { row: 0, distance: 0, classChanged: false }]);
  });

  it('multiclass agreement uses the argmax', () => {
    const original = { rows: 2, cols: 3, values: Float32Array.of(0.2, 0.5, 0.3, 0.6, 0.3, 0.1) };
    const compressed = { rows: 2, cols: 3, values: Float32Array.of(0.1, 0.3, 0.6, 0.5, 0.4, 0.1) };
    expect(predictionFidelity('MULTICLASS', original, compressed).classAgreement).toBe(0.5);
  });
});
