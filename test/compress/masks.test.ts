import { describe, expect, it } from 'vitest';
import { computeMasks, maskSparsity, prunedCount, roundHalfToEven } from '../../src/compress/masks.js';
import { polynomialSchedule, polynomialSparsity } from '../../src/compress/schedule.js';

// Kernels in the service's layout [inputSize × units], row-major, with distinct magnitudes.
const A = [0.31, -0.07, 0.52, -0.19, 0.04, -0.88, 0.26, 0.11, -0.45, 0.63, -0.02, 0.37];
const B = [-0.14, 0.71, 0.09, 0.58, -0.33, 0.16, -0.05, 0.22, -0.95, 0.41, -0.28, 0.06];
const C = [0.12, -0.67, 0.03, 0.49, -0.24];

const magnitudes = (values: number[]) => Float32Array.from(values, Math.abs);

describe('computeMasks', () => {
  // Expected masks printed by test/compress/fixtures/torch_prune_masks.py with
  // Debian's python3-torch (PyTorch 1.13):
  // prune.global_unstructured(..., pruning_method=prune.L1Unstructured, amount=0.6).
  it('GLOBAL matches torch global_unstructured', () => {
    const masks = computeMasks([magnitudes(A), magnitudes(B), magnitudes(C)], 0.6, 'GLOBAL');

    expect(Array.from(masks[0])).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1]);
    expect(Array.from(masks[1])).toEqual([0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0]);
    expect(Array.from(masks[2])).toEqual([0, 1, 0, 1, 0]);
  });

  // Same script, prune.l1_unstructured(module, 'weight', amount=0.5) on each tensor.
  // C has 5 values: round(2.5) = 2 in Python, so 2 are pruned, not 3.
  it('LAYER matches torch l1_unstructured', () => {
    const masks = computeMasks([magnitudes(A), magnitudes(B), magnitudes(C)], 0.5, 'LAYER');

    expect(Array.from(masks[0])).toEqual([1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1]);
    expect(Array.from(masks[1])).toEqual([0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0]);
    expect(Array.from(masks[2])).toEqual([0, 1, 0, 1, 1]);
  });

  it('prunes lowest index first among ties', () => {
    const masks = computeMasks([new Float32Array([1, 1, 1]), new Float32Array([1, 1])], 0.4, 'GLOBAL');

    expect(Array.from(masks[0])).toEqual([0, 0, 1]);
    expect(Array.from(masks[1])).toEqual([1, 1]);
  });

  it('keeps previously pruned entries pruned', () => {
    const previous = [Uint8Array.from([1, 1, 1, 0])];
    const masks = computeMasks([new Float32Array([0.1, 0.2, 0.3, 5])], 0.5, 'LAYER', previous);

    expect(Array.from(masks[0])).toEqual([0, 1, 1, 0]);
  });

  it('prunes nothing at sparsity 0', () => {
    const masks = computeMasks([magnitudes(A)], 0, 'GLOBAL');

    expect(maskSparsity(masks)).toBe(0);
  });
});

describe('roundHalfToEven', () => {
  it('rounds halves to the even neighbour like Python', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6].map(roundHalfToEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });

  it('gives torch pruned counts', () => {
    expect(prunedCount(0.6, 29)).toBe(17);
    expect(prunedCount(0.5, 5)).toBe(2);
    expect(prunedCount(0.5, 3)).toBe(2);
  });
});

describe('polynomialSparsity', () => {
  it('follows the cubic schedule from 0 to 0.8 in 4 steps', () => {
    // s_t = 0.8 − 0.8·(1 − t/4)³: 0.8·(1 − 27/64), 0.8·(1 − 1/8), 0.8·(1 − 1/64), 0.8.
    const schedule = polynomialSchedule(4, 0.8);

    expect(schedule[0]).toBeCloseTo(0.4625, 12);
    expect(schedule[1]).toBeCloseTo(0.7, 12);
    expect(schedule[2]).toBeCloseTo(0.7875, 12);
    expect(schedule[3]).toBe(0.8);
  });

  it('starts from an initial sparsity', () => {
    // 0.9 + (0.5 − 0.9)·(1 − 1/2)³ = 0.9 − 0.05.
    expect(polynomialSparsity(1, 2, 0.9, 0.5)).toBeCloseTo(0.85, 12);
    expect(polynomialSparsity(0, 2, 0.9, 0.5)).toBeCloseTo(0.5, 12);
    expect(polynomialSparsity(2, 2, 0.9, 0.5)).toBe(0.9);
  });

  it('gives the final sparsity in one step', () => {
    expect(polynomialSchedule(1, 0.75)).toEqual([0.75]);
  });
});
