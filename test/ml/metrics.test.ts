import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend.js';
import {
  accuracyScore,
  classProbabilities,
  decodeClassLabels,
  evaluate,
  logLoss,
  macroF1Score,
  meanAbsoluteError,
  predictedClass,
  predictedClasses,
  r2Score,
  rocAucScore,
  rootMeanSquaredError,
} from '../../src/ml/metrics.js';
import type { DenseNetwork } from '../../src/ml/network.js';
import { fitStandardization } from '../../src/ml/standardization.js';

beforeAll(async () => {
  await initBackend();
});

describe('regression metrics', () => {
  it('match hand-computed values', () => {
    const yTrue = [1, 2, 3, 4];
    const yPred = [1, 2, 3, 5];

    expect(r2Score(yTrue, yPred)).toBeCloseTo(1 - 1 / 5, 12);
    expect(rootMeanSquaredError(yTrue, yPred)).toBe(0.5);
    expect(meanAbsoluteError(yTrue, yPred)).toBe(0.25);
  });

  it('r2 of a constant target follows scikit-learn', () => {
    expect(r2Score([2, 2], [2, 2])).toBe(1);
    expect(r2Score([2, 2], [2, 3])).toBe(0);
  });
});

describe('classification metrics', () => {
  it('accuracy counts equal classes', () => {
    expect(accuracyScore([0, 1, 2, 2], [0, 2, 2, 2])).toBe(0.75);
  });

  it('macro F1 averages per-class F1', () => {
    // class 0: TP 1, FP 1, FN 1 → 1/2; class 1: TP 2, FP 1 → 4/5; class 2: TP 1, FN 1 → 2/3.
    const score = macroF1Score([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], 3);
    expect(score).toBeCloseTo((1 / 2 + 4 / 5 + 2 / 3) / 3, 12);
  });

  it('macro F1 skips classes absent from both', () => {
    expect(macroF1Score([0, 1], [0, 1], 4)).toBe(1);
    expect(macroF1Score([0, 0], [0, 1], 2)).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });

  it('ROC AUC counts pairs', () => {
    expect(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('ROC AUC averages ties', () => {
    // Pairs (positive, negative): (0.5, 0.5) tie → ½, (0.5, 0.2) → 1, (0.9, 0.5) → 1, (0.9, 0.2) → 1.
    expect(rocAucScore([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(3.5 / 4);
    expect(rocAucScore([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('ROC AUC is null for one class', () => {
    expect(rocAucScore([1, 1], [0.2, 0.7])).toBeNull();
  });

  it('log loss clips probabilities', () => {
    const probabilities = { rows: 3, cols: 2, values: Float32Array.from([0.2, 0.8, 0.5, 0.5, 1, 0]) };
    const expected = -(Math.log(Math.fround(0.8)) + Math.log(0.5) + Math.log(1e-15)) / 3;

    expect(logLoss([1, 0, 1], probabilities)).toBeCloseTo(expected, 12);
  });
});

describe('prediction decoding', () => {
  it('thresholds binary and takes the first multiclass maximum', () => {
    expect(predictedClass([0.5], 'BINARY')).toBe(0);
    expect(predictedClass([0.51], 'BINARY')).toBe(1);
    expect(predictedClass([0.2, 0.4, 0.4], 'MULTICLASS')).toBe(1);
    expect(Array.from(predictedClasses({ rows: 2, cols: 2, values: Float32Array.from([0.7, 0.3, 0.1, 0.9]) }, 'MULTICLASS'))).toEqual([0, 1]);
  });

  it('expands binary probabilities and decodes labels', () => {
    const probabilities = classProbabilities({ rows: 1, cols: 1, values: Float32Array.from([0.25]) }, 'BINARY');

    expect(Array.from(probabilities.values)).toEqual([0.75, 0.25]);
    expect(decodeClassLabels([1, 0], ['malignant', 'benign'])).toEqual(['benign', 'malignant']);
    expect(() => decodeClassLabels([2], ['a', 'b'])).toThrow('class index 2 has no label');
  });
});

describe('evaluate', () => {
  const identity = (outputKind: DenseNetwork['outputKind'], activation: 'linear' | 'sigmoid'): DenseNetwork => ({
    architecture: outputKind === 'REGRESSION' ? 'LINEAR' : 'LOGISTIC',
    outputKind,
    inputSize: 1,
    inputMean: new Float32Array([0]),
    inputScale: new Float32Array([1]),
    layers: [{ inputSize: 1, units: 1, activation, kernel: new Float32Array([1]), bias: new Float32Array([0]) }],
  });

  it('scores regression outputs', () => {
    const x = { rows: 4, cols: 1, values: Float32Array.from([1, 2, 3, 5]) };
    const metrics = evaluate(identity('REGRESSION', 'linear'), x, Float32Array.from([1, 2, 3, 4]), 'REGRESSION', 1);

    expect(metrics.r2).toBeCloseTo(0.8, 12);
    expect(metrics.rmse).toBe(0.5);
    expect(metrics.mae).toBe(0.25);
    expect(metrics.accuracy).toBeNull();
    expect(metrics.rocAuc).toBeNull();
  });

  it('scores binary outputs', () => {
    // Logits 0 and ±2 give probabilities σ(z); the rows are (p, y): (0.5, 0), (0.88, 1), (0.12, 1).
    const x = { rows: 3, cols: 1, values: Float32Array.from([0, 2, -2]) };
    const metrics = evaluate(identity('BINARY', 'sigmoid'), x, Float32Array.from([0, 1, 1]), 'BINARY', 2);
    const sigmoid = (z: number) => Math.fround(1 / (1 + Math.exp(-z)));

    expect(metrics.accuracy).toBeCloseTo(2 / 3, 12);
    expect(metrics.rocAuc).toBe(0.5);
    expect(metrics.logLoss).toBeCloseTo(-(Math.log(0.5) + Math.log(sigmoid(2)) + Math.log(sigmoid(-2))) / 3, 5);
    expect(metrics.macroF1).toBeCloseTo((2 / 3 + 2 / 3) / 2, 12);
    expect(metrics.r2).toBeNull();
  });
});

describe('fitStandardization', () => {
  it('uses the population deviation and scale 1 for constant columns', () => {
    const statistics = fitStandardization({ rows: 2, cols: 2, values: Float32Array.from([1, 0.1, 5, 0.1]) });

    expect(Array.from(statistics.mean)).toEqual([3, Math.fround(0.1)]);
    expect(Array.from(statistics.scale)).toEqual([2, 1]);
  });
});
