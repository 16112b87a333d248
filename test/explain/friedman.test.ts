import { beforeAll, describe, expect, it } from 'vitest';
import { friedman1 } from '../../src/data/synthetic.js';
import { computeImportance } from '../../src/explain/methods.js';
import type { ExplainInput, ImportanceMethodName, ImportanceOptions } from '../../src/explain/types.js';
import { initBackend } from '../../src/ml/backend.js';
import type { Matrix } from '../../src/ml/matrix.js';
import { evaluate } from '../../src/ml/metrics.js';
import { trainNetwork } from '../../src/ml/train.js';

const SEEDS = [1, 2, 3, 4, 5];
const TRAIN_ROWS = 4000;

/** Options kept small so five seeds × three methods fit the time budget. */
const METHOD_OPTIONS: Array<[ImportanceMethodName, ImportanceOptions]> = [
  ['PERMUTATION', { repeats: 5 }],
  ['KERNEL_SHAP', { samples: 20, backgroundSize: 40 }],
  ['INTEGRATED_GRADIENTS', { samples: 100 }],
];

beforeAll(async () => {
  await initBackend();
});

function split(values: Float64Array, cols: number, start: number, end: number): Matrix {
  return { rows: end - start, cols, values: Float32Array.from(values.subarray(start * cols, end * cols)) };
}

async function trainedInput(seed: number): Promise<ExplainInput> {
  const table = friedman1(5000, 1, seed);
  const train = split(table.features, 10, 0, TRAIN_ROWS);
  const test = split(table.features, 10, TRAIN_ROWS, 5000);
  const trainTarget = Float32Array.from(table.target.subarray(0, TRAIN_ROWS));
  const testTarget = Float32Array.from(table.target.subarray(TRAIN_ROWS));

  const { network } = await trainNetwork(
    { architecture: 'MLP', hiddenUnits: [32, 16], activation: 'relu', epochs: 15, batchSize: 64, learningRate: 0.01, optimizer: 'adam', l1: 0, l2: 0, seed, earlyStoppingPatience: null },
    { task: 'REGRESSION', classCount: 1, train, trainTarget },
  );
  expect(evaluate(network, test, testTarget, 'REGRESSION', 1).r2).toBeGreaterThan(0.8);

  return { network, task: 'REGRESSION', classCount: 1, data: test, target: testTarget, background: train, featureNames: table.featureNames, seed };
}

describe('importance on Friedman #1', () => {
  for (const seed of SEEDS) {
    it(`ranks x1…x5 above x6…x10 with seed ${seed}`, async () => {
      const input = await trainedInput(seed);

      for (const [method, options] of METHOD_OPTIONS) {
        const result = await computeImportance(method, { ...input, options });
        const informative = result.scores.slice(0, 5).map((score) => score.value);
        const noise = result.scores.slice(5, 10).map((score) => score.value);
        expect(Math.min(...informative), `${method} seed ${seed}: ${result.scores.map((s) => s.value.toFixed(3)).join(' ')}`).toBeGreaterThan(Math.max(...noise));
        expect(result.scores.slice(0, 5).every((score) => score.rank <= 5)).toBe(true);
      }
    });
  }
});
