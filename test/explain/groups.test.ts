import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';
import { computeImportance } from '../../src/explain/methods.js';
import type { BatchPredictor, FeatureGroup } from '../../src/explain/types.js';
import { initBackend } from '../../src/ml/backend.js';
import { predictMatrix } from '../../src/ml/forward.js';
import type { Matrix } from '../../src/ml/matrix.js';
import { explainInput, linearNetwork, meansOf, rowOf } from './fixtures.js';

const beta = [1.5, 2, -1, 0.5, -2];
const network = linearNetwork(beta, 0.3, [0, 0.3, 0.3, 0.4, 5], [1, 0.5, 0.5, 0.5, 2]);
const featureNames = ['age', 'color=red', 'color=green', 'color=blue', 'income'];
const featureGroups: FeatureGroup[] = [{ name: 'color', columns: [1, 2, 3] }];

/** Returns rows with a normal column 0, a one-hot block in columns 1–3 and a normal column 4. */
function oneHotRows(rows: number, seed: number): Matrix {
  const random = createRandom(seed);
  const values = new Float32Array(rows * 5);
  for (let r = 0; r < rows; r++) {
    values[r * 5] = random.normal();
    values[r * 5 + 1 + random.int(3)] = 1;
    values[r * 5 + 4] = 5 + 2 * random.normal();
  }
  return { rows, cols: 5, values };
}

const data = oneHotRows(60, 1);
const background = oneHotRows(50, 2);
const target = Float32Array.from({ length: 60 }, (_, r) => rowOf(data, r).reduce((sum, x, j) => sum + beta[j] * x, 0.3) + 0.2 * Math.cos(r));

beforeAll(async () => {
  await initBackend();
});

describe('feature groups', () => {
  it('permutation shuffles a group together in two predictor calls', async () => {
    const calls: Matrix[] = [];
    const predictor: BatchPredictor = (net, input, batchSize) => {
      calls.push(input);
      return predictMatrix(net, input, batchSize);
    };
    const result = await computeImportance('PERMUTATION', explainInput(network, data, background, { featureNames, featureGroups, target, predictor }));

    expect(calls.map((call) => call.rows)).toEqual([60, 3 * 5 * 60]);
    const shuffled = calls[1];
    for (let r = 0; r < shuffled.rows; r++) {
      const hot = shuffled.values[r * 5 + 1] + shuffled.values[r * 5 + 2] + shuffled.values[r * 5 + 3];
      expect(hot).toBe(1);
    }

    const group = result.scores.find((score) => score.isGroup)!;
    expect(group).toMatchObject({ name: 'color', index: 0, targetKind: 'FEATURE', rank: 1 });
    expect(group.value).toBeGreaterThan(0);
    for (const column of [1, 2, 3]) {
      expect(result.scores[column].value).toBeCloseTo(group.value / 3, 12);
      expect(result.scores[column].std).toBeCloseTo(group.std! / 3, 12);
    }
    expect(result.scores).toHaveLength(6);
  });

  it('kernel SHAP treats a group as one player', async () => {
    const result = await computeImportance('KERNEL_SHAP', explainInput(network, data, background, { featureNames, featureGroups, options: { samples: 12, backgroundSize: 50 } }));
    const backgroundMean = meansOf(background);
    const perSample = result.perSample!;

    let meanAbsolute = 0;
    for (let r = 0; r < 12; r++) {
      const x = rowOf(data, perSample.rowIndices[r]);
      const groupValue = [1, 2, 3].reduce((sum, j) => sum + beta[j] * (x[j] - backgroundMean[j]), 0);
      for (const j of [1, 2, 3]) expect(perSample.attributions.values[r * 5 + j]).toBeCloseTo(groupValue / 3, 4);
      expect(perSample.attributions.values[r * 5]).toBeCloseTo(beta[0] * (x[0] - backgroundMean[0]), 4);
      meanAbsolute += Math.abs(groupValue) / 12;
    }
    expect(result.scores[5].value).toBeCloseTo(meanAbsolute, 4);
    expect(result.scores[5].isGroup).toBe(true);
  });

  it('integrated gradients sums the columns of a group', async () => {
    const result = await computeImportance('INTEGRATED_GRADIENTS', explainInput(network, data, background, { featureNames, featureGroups }));
    const values = result.perSample!.attributions.values;
    let meanAbsolute = 0;
    for (let r = 0; r < 60; r++) meanAbsolute += Math.abs(values[r * 5 + 1] + values[r * 5 + 2] + values[r * 5 + 3]) / 60;
    expect(result.scores[5].value).toBeCloseTo(meanAbsolute, 6);
  });

  it('saliency of a group is the L1 norm of its gradients', async () => {
    const result = await computeImportance('SALIENCY', explainInput(network, data, background, { featureNames, featureGroups }));
    expect(result.scores[5].value).toBeCloseTo(3.5, 5);
    expect(result.scores[5].rank).toBe(1);
  });

  it('LIME gives the group one coefficient shared by its columns', async () => {
    const result = await computeImportance('LIME', explainInput(network, data, background, { featureNames, featureGroups, options: { samples: 4, limeSamples: 1000 } }));
    const values = result.perSample!.attributions.values;
    for (let r = 0; r < 4; r++) {
      expect(values[r * 5 + 1]).toBe(values[r * 5 + 2]);
      expect(values[r * 5 + 2]).toBe(values[r * 5 + 3]);
    }
    expect(result.options.kernelWidth).toBeCloseTo(0.75 * Math.sqrt(3), 12);
    expect(result.scores[5].value).toBeGreaterThan(0);
  });
});
