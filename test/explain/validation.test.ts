import { beforeAll, describe, expect, it } from 'vitest';
import { ExplainValidationError } from '../../src/explain/errors.js';
import { computeImportance, importanceMethod } from '../../src/explain/methods.js';
import type { ImportanceMethodName } from '../../src/explain/types.js';
import { initBackend } from '../../src/ml/backend.js';
import type { Matrix } from '../../src/ml/matrix.js';
import { explainInput, linearNetwork, normalMatrix, randomMlp } from './fixtures.js';

const FEATURE_METHODS: ImportanceMethodName[] = ['PERMUTATION', 'SALIENCY', 'GRADIENT_X_INPUT', 'RELATIVE_SENSITIVITY', 'INTEGRATED_GRADIENTS', 'KERNEL_SHAP', 'LIME'];
const mean = [0, 1, 2, 3];
const spread = [1, 1, 1, 1];
const network = randomMlp(4, [8], 'REGRESSION', 1, 3);
const data = normalMatrix(20, mean, spread, 5);
const background = normalMatrix(30, mean, spread, 6);

beforeAll(async () => {
  await initBackend();
});

/** Returns a copy of the matrix with column `column` set to `value` in every row. */
function withConstantColumn(matrix: Matrix, column: number, value: number): Matrix {
  const values = Float32Array.from(matrix.values);
  for (let r = 0; r < matrix.rows; r++) values[r * matrix.cols + column] = value;
  return { ...matrix, values };
}

async function expectRejection(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ExplainValidationError);
  expect((error as Error).message).toMatch(message);
}

describe('degenerate inputs', () => {
  it.each(FEATURE_METHODS)('%s scores a constant column exactly 0', async (method) => {
    const constantData = withConstantColumn(data, 2, 4.5);
    const constantBackground = withConstantColumn(background, 2, 4.5);
    const target = Float32Array.from({ length: 20 }, (_, r) => r / 10);
    const input = explainInput(network, constantData, constantBackground, { target, options: { limeSamples: 500, backgroundSize: 20 } });

    const result = await computeImportance(method, input);
    expect(result.scores[2].value).toBe(0);
    for (const score of result.scores) expect(Number.isFinite(score.value)).toBe(true);
    for (const score of result.scores) expect(Number.isFinite(score.std ?? 0)).toBe(true);
  });

  it('rejects fewer than two rows', async () => {
    const oneRow: Matrix = { rows: 1, cols: 4, values: data.values.slice(0, 4) };
    await expectRejection(computeImportance('SALIENCY', explainInput(network, oneRow, background)), /data has 1 rows; pass at least 2/);
  });

  it('rejects an empty background', async () => {
    const empty: Matrix = { rows: 0, cols: 4, values: new Float32Array(0) };
    await expectRejection(computeImportance('KERNEL_SHAP', explainInput(network, data, empty)), /background has 0 rows; pass at least 1/);
  });

  it('rejects NaN with its position', async () => {
    const values = Float32Array.from(data.values);
    values[2 * 4 + 3] = Number.NaN;
    await expectRejection(computeImportance('LIME', explainInput(network, { ...data, values }, background)), /data has NaN at row 2, column 3; impute or drop/);
  });

  it('rejects NaN labels', async () => {
    const target = new Float32Array(20);
    target[5] = Number.NaN;
    await expectRejection(computeImportance('PERMUTATION', explainInput(network, data, background, { target })), /target has NaN at row 5/);
  });

  it('rejects a width mismatch', async () => {
    const narrow: Matrix = { rows: 20, cols: 3, values: new Float32Array(60) };
    await expectRejection(computeImportance('SALIENCY', explainInput(network, narrow, background)), /data has 3 columns but the network has 4 inputs/);
  });

  it('rejects wrong feature names', async () => {
    await expectRejection(computeImportance('SALIENCY', explainInput(network, data, background, { featureNames: ['a', 'b'] })), /featureNames has 2 names for 4 inputs/);
    await expectRejection(computeImportance('SALIENCY', explainInput(network, data, background, { featureNames: ['a', 'b', 'a', 'c'] })), /feature name a appears twice/);
  });

  it('rejects overlapping groups', async () => {
    const featureGroups = [{ name: 'g1', columns: [0, 1] }, { name: 'g2', columns: [1, 2] }];
    await expectRejection(computeImportance('PERMUTATION', explainInput(network, data, background, { featureGroups })), /column 1 is in feature groups g1 and g2/);
  });

  it('rejects invalid options', async () => {
    await expectRejection(computeImportance('PERMUTATION', explainInput(network, data, background, { options: { repeats: 0 } })), /option repeats = 0 is invalid/);
    await expectRejection(computeImportance('SALIENCY', explainInput(network, data, background, { options: { sample: 3 } as never })), /option sample is unknown/);
    await expectRejection(computeImportance('SALIENCY', explainInput(network, data, background, { options: { targetClass: 1 } })), /targetClass 1 is invalid for REGRESSION/);
    await expectRejection(computeImportance('INTEGRATED_GRADIENTS', explainInput(network, data, background, { options: { baseline: [1, 2] } })), /baseline has 2 values for 4 inputs/);
  });

  it('rejects a class index outside the classes', async () => {
    const classifier = randomMlp(4, [8], 'MULTICLASS', 3, 4);
    const target = new Float32Array(20).fill(3);
    await expectRejection(computeImportance('PERMUTATION', explainInput(classifier, data, background, { target })), /target has 3 at row 0; class labels must be integers in \[0, 2\]/);
    await expectRejection(computeImportance('SALIENCY', explainInput(classifier, data, background, { options: { targetClass: 5 } })), /targetClass 5 is invalid/);
  });

  it('rejects neuron methods on a linear model', async () => {
    const linear = linearNetwork([1, 2, 3, 4], 0, mean, spread);
    for (const method of ['WEIGHT_L1', 'MEAN_ACTIVATION', 'TAYLOR'] as const) {
      await expectRejection(computeImportance(method, explainInput(linear, data, background)), /LINEAR network has no hidden layers/);
    }
  });

  it('rejects an unknown method name', () => {
    expect(() => importanceMethod('SHAPLEY')).toThrow(/importance method SHAPLEY is unknown; use one of PERMUTATION/);
  });

  it('skips near-zero outputs in relative sensitivity', async () => {
    const linear = linearNetwork([1, 0, 0, 0], 0, mean, spread);
    const rows = Float32Array.from(data.values);
    rows[0] = 0;
    rows[4] = 1e-9;
    const result = await computeImportance('RELATIVE_SENSITIVITY', explainInput(linear, { ...data, values: rows }, background));
    expect(result.skippedSamples).toBe(2);
    expect(result.sampleCount).toBe(18);
    expect(result.notes[1]).toMatch(/skipped 2 of 20 rows/);
    expect(Number.isFinite(result.scores[0].value)).toBe(true);
  });

  it('integrated gradients gives zeros for a row at the baseline', async () => {
    const baseline = Array.from(data.values.subarray(0, 4));
    const result = await computeImportance('INTEGRATED_GRADIENTS', explainInput(network, data, background, { options: { baseline } }));
    expect(Array.from(result.perSample!.attributions.values.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });

  it('same seed gives the same scores', async () => {
    const first = await computeImportance('LIME', explainInput(network, data, background, { options: { samples: 3, limeSamples: 300 } }));
    const second = await computeImportance('LIME', explainInput(network, data, background, { options: { samples: 3, limeSamples: 300 } }));
    expect(second.scores.map((score) => score.value)).toEqual(first.scores.map((score) => score.value));
  });
});
