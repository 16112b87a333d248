import { beforeAll, describe, expect, it } from 'vitest';
import { compress } from '../../src/compress/index.js';
import { sliceInputs } from '../../src/compress/sliceInputs.js';
import { createRandom } from '../../src/core/random.js';
import { friedman1 } from '../../src/data/synthetic.js';
import { initBackend } from '../../src/ml/backend.js';
import { predictMatrix } from '../../src/ml/forward.js';
import { selectColumns } from '../../src/ml/matrix.js';
import { evaluate } from '../../src/ml/metrics.js';
import type { DenseNetwork } from '../../src/ml/network.js';
import { compressionInput, friedmanSplits, mlpConfig, sklearnSplits, splitRows, trainOn, type Splits } from './helpers.js';

const FIRST_FIVE = ['x1', 'x2', 'x3', 'x4', 'x5'];

describe('FEATURE_SELECTION on Friedman #1', () => {
  let splits: Splits;
  let network: DenseNetwork;
  const config = mlpConfig([32, 32], { epochs: 40 });

  beforeAll(async () => {
    await initBackend();
    splits = friedmanSplits(5000, 1);
    network = await trainOn(splits, config);
  });

  it('keeps x1…x5 and the test R²', async () => {
    const result = await compress('FEATURE_SELECTION', compressionInput(network, splits, config, { keep: 5 }));
    const before = evaluate(network, splits.test, splits.testTarget, 'REGRESSION', 1).r2!;
    const after = evaluate(result.network, selectColumns(splits.test, result.inputColumns), splits.testTarget, 'REGRESSION', 1).r2!;

    expect(result.inputFeatures).toEqual(FIRST_FIVE);
    expect(result.inputColumns).toEqual([0, 1, 2, 3, 4]);
    expect(result.removedFeatures).toEqual(['x6', 'x7', 'x8', 'x9', 'x10']);
    expect(result.network.inputSize).toBe(5);
    expect(Math.abs(after - before)).toBeLessThanOrEqual(0.05);
  });

  it('eliminates recursively by step', async () => {
    const result = await compress('FEATURE_SELECTION', compressionInput(network, splits, config, { keep: 5, step: 2, retrain: false, fineTuneEpochs: 2 }));
    const rounds = result.details.rounds as Array<{ dropped: string[]; scores: unknown[] }>;

    expect(rounds.map((round) => round.dropped.length)).toEqual([2, 2, 1]);
    expect(rounds.map((round) => round.scores.length)).toEqual([10, 8, 6]);
    expect(result.inputFeatures).toEqual(FIRST_FIVE);
  });

  it('keeps a fraction of the features', async () => {
    const result = await compress('FEATURE_SELECTION', compressionInput(network, splits, config, { fraction: 0.3, retrain: false, fineTuneEpochs: 0 }));

    expect(result.inputColumns).toHaveLength(3);
  });
});

describe('FEATURE_SELECTION with a one-hot group', () => {
  /** Friedman #1 plus a three-level category one-hot encoded in columns 10–12; `effect` scales its shift of y. */
  function withCategory(effect: number): Splits {
    const table = friedman1(2000, 0.5, 4);
    const random = createRandom(9);
    const cols = 13;
    const features = new Float32Array(2000 * cols);
    const target = Float32Array.from(table.target);
    for (let r = 0; r < 2000; r++) {
      features.set(table.features.subarray(r * 10, r * 10 + 10), r * cols);
      const level = random.int(3);
      features[r * cols + 10 + level] = 1;
      target[r] += effect * (level - 1);
    }
    return splitRows([...table.featureNames, 'color=red', 'color=green', 'color=blue'], features, target);
  }

  const groups = [{ name: 'color', columns: [10, 11, 12] }];
  const config = mlpConfig([32], { epochs: 25 });

  beforeAll(async () => {
    await initBackend();
  });

  it('keeps an important group whole', async () => {
    const splits = withCategory(8);
    const network = await trainOn(splits, config);
    const result = await compress('FEATURE_SELECTION', compressionInput(network, splits, config, { keep: 6, retrain: false, fineTuneEpochs: 1 }, { featureGroups: groups }));

    expect(result.inputColumns).toEqual([0, 1, 2, 3, 4, 10, 11, 12]);
    expect(result.inputFeatures).toEqual([...FIRST_FIVE, 'color=red', 'color=green', 'color=blue']);
    expect(result.removedFeatures).toEqual(['x6', 'x7', 'x8', 'x9', 'x10']);
  });

  it('drops an unimportant group whole', async () => {
    const splits = withCategory(0);
    const network = await trainOn(splits, config);
    const result = await compress('FEATURE_SELECTION', compressionInput(network, splits, config, { keep: 5, retrain: false, fineTuneEpochs: 0 }, { featureGroups: groups }));

    expect(result.inputColumns).toEqual([0, 1, 2, 3, 4]);
    expect(result.removedFeatures).toContain('color');
    expect(result.removedFeatures).toHaveLength(6);
  });
});

describe('FEATURE_SELECTION on iris', () => {
  it('keeps the petal measurements', async () => {
    await initBackend();
    const splits = sklearnSplits('iris.csv', 3);
    const config = mlpConfig([16], { epochs: 40, batchSize: 16, learningRate: 0.02 });
    const network = await trainOn(splits, config, 'MULTICLASS', 3);

    const result = await compress('FEATURE_SELECTION', compressionInput(network, splits, config, { keep: 2 }, { task: 'MULTICLASS', classCount: 3 }));
    const accuracy = evaluate(result.network, selectColumns(splits.test, result.inputColumns), splits.testTarget, 'MULTICLASS', 3).accuracy!;

    // The 30-row validation split is below 50 rows, so the ranking uses the training split.
    expect((result.details.rounds as Array<{ split: string }>)[0].split).toBe('train');
    expect(result.inputFeatures).toEqual(['petal length (cm)', 'petal width (cm)']);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe('sliceInputs', () => {
  it('equals the source with dropped inputs at their mean', async () => {
    await initBackend();
    const splits = friedmanSplits(300, 2);
    const network = await trainOn(splits, mlpConfig([8], { epochs: 2 }));
    const kept = [1, 4, 7];
    const atMean = { ...splits.test, values: splits.test.values.slice() };
    for (let r = 0; r < atMean.rows; r++) {
      for (let c = 0; c < 10; c++) if (!kept.includes(c)) atMean.values[r * 10 + c] = network.inputMean[c];
    }

    const expected = predictMatrix(network, atMean).values;
    const actual = predictMatrix(sliceInputs(network, kept), selectColumns(splits.test, kept)).values;

    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
  });
});
