import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';
import { binomial, shapleyCoalitions } from '../../src/explain/coalitions.js';
import { solveLinearSystem, weightedLeastSquares } from '../../src/explain/linalg.js';
import { quadrature } from '../../src/explain/quadrature.js';
import { rankScores } from '../../src/explain/ranking.js';
import type { ImportanceScoreValue } from '../../src/explain/types.js';

function maskSize(masks: Uint8Array, players: number, k: number): number {
  let size = 0;
  for (let p = 0; p < players; p++) size += masks[k * players + p];
  return size;
}

describe('Shapley coalitions', () => {
  it('enumerates all 2^M − 2 coalitions with kernel weights', () => {
    const coalitions = shapleyCoalitions(4, 14, createRandom(1));
    expect(coalitions.exact).toBe(true);
    expect(coalitions.count).toBe(14);
    const total = (4 - 1) / (binomial(4, 1) * 1 * 3) * 8 + (4 - 1) / (binomial(4, 2) * 2 * 2) * 6;
    for (let k = 0; k < 14; k++) {
      const size = maskSize(coalitions.masks, 4, k);
      expect(coalitions.weights[k]).toBeCloseTo((3 / (binomial(4, size) * size * (4 - size))) / total, 12);
    }
  });

  it('samples complements in pairs within the budget', () => {
    const players = 16;
    const coalitions = shapleyCoalitions(players, 400, createRandom(2));
    expect(coalitions.exact).toBe(false);
    expect(coalitions.count).toBeLessThanOrEqual(400);
    expect(coalitions.weights.reduce((sum, w) => sum + w, 0)).toBeCloseTo(1, 12);

    const keys = new Set<string>();
    for (let k = 0; k < coalitions.count; k++) keys.add(coalitions.masks.subarray(k * players, (k + 1) * players).join(''));
    for (const key of keys) {
      const complement = [...key].map((bit) => (bit === '1' ? '0' : '1')).join('');
      expect(keys.has(complement)).toBe(true);
    }
    const singles = Array.from({ length: coalitions.count }, (_, k) => maskSize(coalitions.masks, players, k)).filter((size) => size === 1).length;
    expect(singles).toBe(16);
  });

  it('returns nothing for fewer than two players', () => {
    expect(shapleyCoalitions(1, 10, createRandom(3)).count).toBe(0);
  });
});

describe('quadrature', () => {
  it('Gauss-Legendre integrates degree 2n − 1 exactly', () => {
    const { alphas, weights } = quadrature('gausslegendre', 5);
    const integral = alphas.reduce((sum, alpha, i) => sum + weights[i] * alpha ** 9, 0);
    expect(integral).toBeCloseTo(1 / 10, 14);
    expect(Array.from(alphas)).toEqual([...alphas].sort((x, y) => x - y));
  });

  it('trapezoid rule has halved end weights', () => {
    const { alphas, weights } = quadrature('riemann_trapezoid', 5);
    expect(Array.from(alphas)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(weights)).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
  });

  it('50 Gauss-Legendre weights sum to 1', () => {
    const { weights } = quadrature('gausslegendre', 50);
    expect(weights.reduce((sum, w) => sum + w, 0)).toBeCloseTo(1, 13);
  });
});

describe('linear algebra', () => {
  it('solves a symmetric system', () => {
    const x = solveLinearSystem(Float64Array.of(4, 1, 1, 3), Float64Array.of(1, 2), 2);
    expect(x[0]).toBeCloseTo(1 / 11, 14);
    expect(x[1]).toBeCloseTo(7 / 11, 14);
  });

  it('sets undetermined unknowns to 0', () => {
    const x = solveLinearSystem(Float64Array.of(2, 0, 0, 0), Float64Array.of(4, 0), 2);
    expect(Array.from(x)).toEqual([2, 0]);
  });

  it('fits weighted ridge through the normal equations', () => {
    const design = Float64Array.of(1, 2, 3);
    const response = Float64Array.of(2, 4, 6);
    const weights = Float64Array.of(1, 1, 2);
    expect(weightedLeastSquares(design, response, weights, 3, 1)[0]).toBeCloseTo(2, 14);
    expect(weightedLeastSquares(design, response, weights, 3, 1, 1)[0]).toBeCloseTo(46 / 24, 14);
  });
});

describe('ranking', () => {
  it('ranks features, groups and each layer separately', () => {
    const score = (targetKind: 'FEATURE' | 'NEURON', layer: number | null, index: number, value: number, isGroup = false): ImportanceScoreValue => ({
      targetKind, layer, index, name: `${index}`, value, std: null, signedValue: null, isGroup,
    });
    const ranked = rankScores([score('FEATURE', null, 0, 1), score('FEATURE', null, 1, 3), score('FEATURE', null, 2, 3), score('FEATURE', null, 0, 0.5, true)]);
    expect(ranked.map((s) => s.rank)).toEqual([3, 1, 2, 1]);
    const neurons = rankScores([score('NEURON', 0, 0, 1), score('NEURON', 0, 1, 2), score('NEURON', 1, 0, 0.1)]);
    expect(neurons.map((s) => s.rank)).toEqual([2, 1, 1]);
  });
});
