import { beforeAll, describe, expect, it } from 'vitest';
import { compress, CompressionConfigError } from '../../src/compress/index.js';
import { polynomialSchedule } from '../../src/compress/schedule.js';
import { relativeSensitivityScores, taylorScores, type ScoringData } from '../../src/compress/weightScores.js';
import { initBackend } from '../../src/ml/backend.js';
import { cloneNetwork, type DenseNetwork } from '../../src/ml/network.js';
import { encodeNetwork, weightsHash } from '../../src/ml/serialize.js';
import { compressionInput, friedmanSplits, mlpConfig, sklearnSplits, trainOn, zeroShare, type Splits } from './helpers.js';

// y = x̃ · w + b with x̃ = (x − mean) / scale.
const linear: DenseNetwork = {
  architecture: 'LINEAR',
  outputKind: 'REGRESSION',
  inputSize: 2,
  inputMean: Float32Array.from([1, -1]),
  inputScale: Float32Array.from([2, 0.5]),
  layers: [{ inputSize: 2, units: 1, activation: 'linear', kernel: Float32Array.from([0.5, -2]), bias: Float32Array.from([0.25]) }],
};
const rows = [[3, -1], [1, 0], [-1, -0.5], [2, -0.75]];
const targets = [1, 0, -1, 0.5];
const standardized = rows.map(([a, b]) => [(a - 1) / 2, (b + 1) / 0.5]);
const outputs = standardized.map(([a, b]) => 0.5 * a - 2 * b + 0.25);

function scoringData(overrides: Partial<ScoringData> = {}): ScoringData {
  return {
    x: { rows: rows.length, cols: 2, values: Float32Array.from(rows.flat()) },
    target: Float32Array.from(targets),
    task: 'REGRESSION',
    classCount: 1,
    batchSize: rows.length,
    epsilon: 1e-3,
    ...overrides,
  };
}

describe('weight scores', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('TAYLOR is |w · ∂MSE/∂w| on one batch', () => {
    const n = rows.length;
    const residuals = outputs.map((y, r) => y - targets[r]);
    const gradient = [0, 1].map((i) => (2 / n) * residuals.reduce((sum, e, r) => sum + e * standardized[r][i], 0));
    const biasGradient = (2 / n) * residuals.reduce((sum, e) => sum + e, 0);

    const scores = taylorScores(linear, scoringData());

    expect(scores.kernels[0][0]).toBeCloseTo(Math.abs(0.5 * gradient[0]), 5);
    expect(scores.kernels[0][1]).toBeCloseTo(Math.abs(-2 * gradient[1]), 5);
    expect(scores.biases[0][0]).toBeCloseTo(Math.abs(0.25 * biasGradient), 5);
  });

  it('TAYLOR averages per-batch scores', () => {
    const batchScore = (batch: number[]) => {
      const gradient = (2 / batch.length) * batch.reduce((sum, r) => sum + (outputs[r] - targets[r]) * standardized[r][0], 0);
      return Math.abs(0.5 * gradient);
    };

    const scores = taylorScores(linear, scoringData({ batchSize: 2 }));

    expect(scores.kernels[0][0]).toBeCloseTo((batchScore([0, 1]) + batchScore([2, 3])) / 2, 5);
  });

  it('RELATIVE_SENSITIVITY is mean |x̃ / y| and skips y near 0', () => {
    // Row 1 has x̃ = (0, 2) and y = −3.75; a fifth row with y = 0 exactly is skipped by the guard.
    const zeroRow = [1 + 2 * 0.5, -1 + 0.5 * 0.25]; // x̃ = (0.5, 0.25): y = 0.25 − 0.5 + 0.25 = 0
    const data = scoringData({
      x: { rows: 5, cols: 2, values: Float32Array.from([...rows.flat(), ...zeroRow]) },
      target: Float32Array.from([...targets, 0]),
    });
    const expected = [0, 1].map((i) => standardized.reduce((sum, x, r) => sum + Math.abs(x[i] / outputs[r]), 0) / rows.length);

    const scores = relativeSensitivityScores(linear, data);

    expect(scores.skippedSamples).toBe(1);
    expect(scores.sampleCount).toBe(4);
    expect(scores.kernels[0][0]).toBeCloseTo(expected[0], 5);
    expect(scores.kernels[0][1]).toBeCloseTo(expected[1], 5);
    expect(scores.biases[0][0]).toBeCloseTo(outputs.reduce((sum, y) => sum + Math.abs(1 / y), 0) / rows.length, 5);
  });
});

describe('WEIGHT_PRUNING', () => {
  let splits: Splits;
  let network: DenseNetwork;
  const config = mlpConfig([64, 64], { epochs: 10 });

  beforeAll(async () => {
    await initBackend();
    splits = friedmanSplits(1500, 21);
    network = await trainOn(splits, config);
  });

  it('reaches 0.9 sparsity and halves the stored size', async () => {
    const source = cloneNetwork(network);
    const result = await compress('WEIGHT_PRUNING', compressionInput(network, splits, config, { sparsity: 0.9, fineTuneEpochs: 3 }));
    const [first, second, output] = result.network.layers;

    // 640 + 4096 prunable kernel weights: round(0.9 · 4736) = round(4262.4) = 4262 are masked,
    // so the achieved sparsity is 0.9 less at most one weight.
    expect(zeroShare(first.kernel, second.kernel)).toBeGreaterThanOrEqual(4262 / 4736);
    expect(result.sparsity).toBeGreaterThanOrEqual(0.9 - 1 / 4736);
    expect(zeroShare(output.kernel)).toBe(0);
    expect(encodeNetwork(result.network).length).toBeLessThanOrEqual(encodeNetwork(network).length / 2);
    expect(network).toEqual(source);
  });

  it('keeps every masked weight at exactly zero', async () => {
    const result = await compress('WEIGHT_PRUNING', compressionInput(network, splits, config, { sparsity: 0.75, scope: 'LAYER', fineTuneEpochs: 2 }));

    result.masks!.forEach((mask, layer) => {
      if (!mask) return;
      const kernel = result.network.layers[layer].kernel;
      mask.forEach((keep, i) => {
        if (keep === 0) expect(Object.is(kernel[i], 0)).toBe(true);
      });
    });
    expect(result.masks![2]).toBeNull();
    expect(zeroShare(result.network.layers[0].kernel)).toBeGreaterThanOrEqual(0.75);
    expect(zeroShare(result.network.layers[1].kernel)).toBeGreaterThanOrEqual(0.75);
  });

  it('follows the POLYNOMIAL schedule with TAYLOR scores', async () => {
    const result = await compress(
      'WEIGHT_PRUNING',
      compressionInput(network, splits, config, { sparsity: 0.8, schedule: 'POLYNOMIAL', steps: 3, criterion: 'TAYLOR', fineTuneEpochs: 3 }),
    );
    const steps = result.details.steps as Array<{ targetSparsity: number; prunedWeights: number; fineTuneEpochs: number }>;

    expect(steps.map((step) => step.targetSparsity)).toEqual(polynomialSchedule(3, 0.8));
    expect(steps.map((step) => step.fineTuneEpochs)).toEqual([1, 1, 1]);
    // round(0.8 · 4736) = 3788.8 → 3789 masked weights after the last step.
    expect(steps[2].prunedWeights).toBe(3789);
    expect(result.sparsity).toBeGreaterThanOrEqual(3789 / 4736);
  });

  it('prunes biases and the output layer when asked', async () => {
    const result = await compress(
      'WEIGHT_PRUNING',
      compressionInput(network, splits, config, { sparsity: 0.5, includeBiases: true, includeOutputLayer: true, fineTuneEpochs: 0 }),
    );

    expect(result.biasMasks).toHaveLength(3);
    expect(result.masks![2]).not.toBeNull();
    const values = result.network.layers.flatMap((layer) => [layer.kernel, layer.bias]);
    // 4736 + 64 kernel weights and 64 + 64 + 1 biases: round(0.5 · 4929) = 2464 (half to even).
    expect(zeroShare(...values)).toBeGreaterThanOrEqual(2464 / 4929);
  });

  it('gives identical weights for the same seed', async () => {
    const run = () => compress('WEIGHT_PRUNING', compressionInput(network, splits, config, { sparsity: 0.6, criterion: 'TAYLOR', schedule: 'POLYNOMIAL', steps: 2, fineTuneEpochs: 2 }));
    const [first, second] = [await run(), await run()];

    expect(weightsHash(first.network)).toBe(weightsHash(second.network));
  });

  it('rejects a target below the source sparsity', async () => {
    const pruned = await compress('WEIGHT_PRUNING', compressionInput(network, splits, config, { sparsity: 0.6, fineTuneEpochs: 0 }));

    await expect(compress('WEIGHT_PRUNING', compressionInput(pruned.network, splits, config, { sparsity: 0.3 }))).rejects.toThrow(CompressionConfigError);
  });
});

describe('WEIGHT_PRUNING on iris', () => {
  it('prunes a multiclass MLP by RELATIVE_SENSITIVITY', async () => {
    await initBackend();
    const splits = sklearnSplits('iris.csv', 1);
    const config = mlpConfig([16], { epochs: 40, batchSize: 16, learningRate: 0.02 });
    const network = await trainOn(splits, config, 'MULTICLASS', 3);

    const result = await compress(
      'WEIGHT_PRUNING',
      compressionInput(network, splits, config, { sparsity: 0.5, criterion: 'RELATIVE_SENSITIVITY', fineTuneEpochs: 2 }, { task: 'MULTICLASS', classCount: 3 }),
    );

    // round(0.5 · 64) = 32 of the hidden kernel's 4 · 16 weights.
    expect(zeroShare(result.network.layers[0].kernel)).toBeGreaterThanOrEqual(0.5);
    expect(result.details.scoringRows).toBe(splits.train.rows);
  });
});
