import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { friedman1 } from '../../src/data/synthetic.js';
import { initBackend } from '../../src/ml/backend.js';
import { predictMatrix } from '../../src/ml/forward.js';
import type { Matrix } from '../../src/ml/matrix.js';
import { evaluate, r2Score } from '../../src/ml/metrics.js';
import type { DenseNetwork } from '../../src/ml/network.js';
import { weightsHash } from '../../src/ml/serialize.js';
import { TrainingCancelledError, trainNetwork, type TrainConfig, type TrainData } from '../../src/ml/train.js';
import { createRandom } from '../../src/core/random.js';
import { readSklearnCsv, selectTableRows, splitIndices, type NumericTable } from '../support/sklearnCsv.js';

const SPLIT_SEED = 7;

const BASE: TrainConfig = {
  architecture: 'LINEAR',
  hiddenUnits: [],
  activation: 'relu',
  epochs: 10,
  batchSize: 32,
  learningRate: 0.01,
  optimizer: 'adam',
  l1: 0,
  l2: 0,
  seed: 1,
  earlyStoppingPatience: null,
};

/** Returns training, validation and test parts of a table as TrainData plus the test split. */
function splitData(table: NumericTable, task: TrainData['task'], classCount: number) {
  const split = splitIndices(table.features.rows, SPLIT_SEED);
  const train = selectTableRows(table, split.train);
  const validation = selectTableRows(table, split.validation);
  const test = selectTableRows(table, split.test);
  const data: TrainData = {
    task,
    classCount,
    train: train.features,
    trainTarget: train.target,
    validation: validation.features,
    validationTarget: validation.target,
  };
  return { data, test };
}

/** Fits y = b0 + x·b by ordinary least squares, solving the normal equations of centred columns in float64. */
function leastSquares(x: Matrix, y: Float32Array): (row: Float32Array) => number {
  const { rows, cols } = x;
  const meanX = new Float64Array(cols);
  let meanY = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) meanX[c] += x.values[r * cols + c] / rows;
    meanY += y[r] / rows;
  }

  const system = Array.from({ length: cols }, () => new Float64Array(cols + 1));
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      const xi = x.values[r * cols + i] - meanX[i];
      for (let j = 0; j < cols; j++) system[i][j] += xi * (x.values[r * cols + j] - meanX[j]);
      system[i][cols] += xi * (y[r] - meanY);
    }
  }

  for (let pivot = 0; pivot < cols; pivot++) {
    let best = pivot;
    for (let r = pivot + 1; r < cols; r++) if (Math.abs(system[r][pivot]) > Math.abs(system[best][pivot])) best = r;
    [system[pivot], system[best]] = [system[best], system[pivot]];
    for (let r = 0; r < cols; r++) {
      if (r === pivot) continue;
      const factor = system[r][pivot] / system[pivot][pivot];
      for (let c = pivot; c <= cols; c++) system[r][c] -= factor * system[pivot][c];
    }
  }
  const beta = system.map((row, i) => row[cols] / row[i]);
  const intercept = meanY - beta.reduce((sum, b, i) => sum + b * meanX[i], 0);
  return (row) => intercept + beta.reduce((sum, b, i) => sum + b * row[i], 0);
}

function friedmanTable(): NumericTable {
  const generated = friedman1(5000, 1, 3);
  return {
    featureNames: generated.featureNames,
    features: { rows: 5000, cols: 10, values: Float32Array.from(generated.features) },
    target: Float32Array.from(generated.target),
  };
}

function maskWithDensity(length: number, density: number, seed: number): Uint8Array {
  const random = createRandom(seed);
  return Uint8Array.from({ length }, () => (random.next() < density ? 1 : 0));
}

beforeAll(async () => {
  await initBackend();
});

describe('trainNetwork accuracy', () => {
  it('LINEAR matches least squares on diabetes', async () => {
    const { data, test } = splitData(readSklearnCsv('diabetes'), 'REGRESSION', 1);
    const config: TrainConfig = { ...BASE, optimizer: 'sgd', learningRate: 0.05, epochs: 300 };

    const result = await trainNetwork(config, data);
    const networkR2 = evaluate(result.network, test.features, test.target, 'REGRESSION', 1).r2!;
    const ols = leastSquares(data.train, data.trainTarget);
    const olsPredictions = Array.from({ length: test.features.rows }, (_, r) => ols(test.features.values.subarray(r * 10, (r + 1) * 10)));
    const olsR2 = r2Score(test.target, olsPredictions);

    console.log(`diabetes test R²: network ${networkR2.toFixed(4)}, least squares ${olsR2.toFixed(4)}`);
    expect(Math.abs(networkR2 - olsR2)).toBeLessThan(0.01);
  });

  it('LOGISTIC reaches 0.94 accuracy on breast_cancer', async () => {
    const { data, test } = splitData(readSklearnCsv('breast_cancer'), 'BINARY', 2);
    const result = await trainNetwork({ ...BASE, architecture: 'LOGISTIC', epochs: 100 }, data);
    const metrics = evaluate(result.network, test.features, test.target, 'BINARY', 2);

    console.log(`breast_cancer test accuracy ${metrics.accuracy}, ROC AUC ${metrics.rocAuc}`);
    expect(result.network.architecture).toBe('LOGISTIC');
    expect(result.network.layers.map((layer) => [layer.units, layer.activation])).toEqual([[1, 'sigmoid']]);
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.94);
  });

  it('MLP (64, 64) reaches R² 0.9 on Friedman 1', async () => {
    const { data, test } = splitData(friedmanTable(), 'REGRESSION', 1);
    const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [64, 64], epochs: 40, batchSize: 128, earlyStoppingPatience: 5 };

    const result = await trainNetwork(config, data);
    const metrics = evaluate(result.network, test.features, test.target, 'REGRESSION', 1);

    console.log(`friedman1 test R² ${metrics.r2}, best epoch ${result.bestEpoch}, ${result.durationMs.toFixed(0)} ms`);
    expect(result.network.layers.map((layer) => layer.units)).toEqual([64, 64, 1]);
    expect(metrics.r2).toBeGreaterThanOrEqual(0.9);
  });
});

describe('trainNetwork reproducibility', () => {
  const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [16, 8], epochs: 3 };

  it('same seed gives the same weights hash', async () => {
    const { data } = splitData(readSklearnCsv('breast_cancer'), 'BINARY', 2);
    const first = await trainNetwork(config, data);
    const second = await trainNetwork(config, data);
    const otherSeed = await trainNetwork({ ...config, seed: 2 }, data);

    expect(weightsHash(second.network)).toBe(weightsHash(first.network));
    expect(second.history).toEqual(first.history);
    expect(weightsHash(otherSeed.network)).not.toBe(weightsHash(first.network));
  });

  it('standardizes with training statistics', async () => {
    const data: TrainData = {
      task: 'REGRESSION',
      classCount: 1,
      train: { rows: 4, cols: 2, values: Float32Array.from([1, 5, 2, 5, 3, 5, 6, 5]) },
      trainTarget: Float32Array.from([1, 2, 3, 4]),
    };
    const { network } = await trainNetwork({ ...BASE, epochs: 1 }, data);

    expect(Array.from(network.inputMean)).toEqual([3, 5]);
    expect(network.inputScale[0]).toBe(Math.fround(Math.sqrt(3.5)));
    expect(network.inputScale[1]).toBe(1);
  });
});

describe('trainNetwork masks', () => {
  it('keeps masked weights exactly zero', async () => {
    const { data } = splitData(readSklearnCsv('wine'), 'MULTICLASS', 3);
    const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [12], epochs: 5, l1: 0.001 };
    const masks = [maskWithDensity(13 * 12, 0.3, 1), maskWithDensity(12 * 3, 0.5, 2)];
    const biasMasks = [maskWithDensity(12, 0.5, 3), null];

    const { network } = await trainNetwork(config, data, { masks, biasMasks });

    network.layers.forEach((layer, index) => {
      layer.kernel.forEach((weight, i) => {
        if (masks[index][i] === 0) expect(Object.is(weight, 0)).toBe(true);
        else expect(weight).not.toBe(0);
      });
    });
    network.layers[0].bias.forEach((bias, i) => {
      if (biasMasks[0]![i] === 0) expect(Object.is(bias, 0)).toBe(true);
    });
  });

  it('fine-tunes from an initial network with its standardization', async () => {
    const { data } = splitData(readSklearnCsv('diabetes'), 'REGRESSION', 1);
    const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [8], epochs: 20, learningRate: 0.05 };
    const { network: initial } = await trainNetwork(config, data);
    const mask = Uint8Array.from(initial.layers[0].kernel, (_, i) => (i % 2 === 0 ? 1 : 0));
    const pruned: DenseNetwork = { ...initial, layers: [{ ...initial.layers[0], kernel: initial.layers[0].kernel.map((w, i) => (mask[i] ? w : 0)) }, initial.layers[1]] };

    const { network } = await trainNetwork({ ...config, epochs: 5 }, data, { initial: pruned, masks: [mask, null] });

    expect(network.inputMean).toEqual(initial.inputMean);
    expect(network.inputScale).toEqual(initial.inputScale);
    network.layers[0].kernel.forEach((weight, i) => {
      if (mask[i] === 0) expect(Object.is(weight, 0)).toBe(true);
    });
    const r2 = evaluate(network, data.validation!, data.validationTarget!, 'REGRESSION', 1).r2!;
    expect(r2).toBeGreaterThan(0.2);
  });
});

describe('trainNetwork control', () => {
  it('early stopping returns the best validation weights', async () => {
    const { data } = splitData(readSklearnCsv('diabetes'), 'REGRESSION', 1);
    const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [64, 64], epochs: 200, learningRate: 0.01, earlyStoppingPatience: 3 };

    const result = await trainNetwork(config, data);
    const losses = result.history.map((entry) => entry.validationLoss!);
    const best = Math.min(...losses);
    const validationMse = evaluate(result.network, data.validation!, data.validationTarget!, 'REGRESSION', 1).rmse! ** 2;

    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBe(result.bestEpoch + 3);
    expect(losses[result.bestEpoch - 1]).toBe(best);
    expect(Math.abs(validationMse - best) / best).toBeLessThan(1e-4);
  });

  it('reports progress and cancels between epochs', async () => {
    const { data } = splitData(readSklearnCsv('iris'), 'MULTICLASS', 3);
    const seen: number[] = [];
    const training = trainNetwork({ ...BASE, architecture: 'LOGISTIC', epochs: 10 }, data, {
      onEpoch: async ({ epoch, epochs, validationLoss }) => {
        expect(epochs).toBe(10);
        expect(validationLoss).not.toBeNull();
        seen.push(epoch);
      },
      shouldStop: () => seen.length >= 2,
    });

    await expect(training).rejects.toBeInstanceOf(TrainingCancelledError);
    await expect(training).rejects.toThrow('cancelled after 2 completed epochs');
    expect(seen).toEqual([1, 2]);
  });

  it('leaves no tensors behind', async () => {
    const { data } = splitData(readSklearnCsv('iris'), 'MULTICLASS', 3);
    const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [4], epochs: 4, earlyStoppingPatience: 1 };
    const masks = [new Uint8Array(16).fill(1), null];
    const before = tf.memory().numTensors;

    await trainNetwork(config, data, { masks });
    await expect(trainNetwork({ ...config, learningRate: -1 }, data)).rejects.toThrow();

    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects invalid settings up front', async () => {
    const { data } = splitData(readSklearnCsv('iris'), 'MULTICLASS', 3);
    const withoutValidation: TrainData = { ...data, validation: undefined, validationTarget: undefined };

    await expect(trainNetwork({ ...BASE }, data)).rejects.toThrow('architecture LINEAR fits regression only');
    await expect(trainNetwork({ ...BASE, architecture: 'MLP', hiddenUnits: [] }, data)).rejects.toThrow('hiddenUnits is empty');
    await expect(trainNetwork({ ...BASE, architecture: 'LOGISTIC', earlyStoppingPatience: 2 }, withoutValidation)).rejects.toThrow('needs a validation split');
    await expect(trainNetwork({ ...BASE, architecture: 'LOGISTIC' }, { ...data, classCount: 2 })).rejects.toThrow('class targets must be integers from 0 to 1');
    await expect(trainNetwork({ ...BASE, architecture: 'LOGISTIC', learningRate: 0 }, data)).rejects.toThrow('learningRate 0 is invalid');
  });

  it('predicts probabilities that sum to one for multiclass', async () => {
    const { data, test } = splitData(readSklearnCsv('iris'), 'MULTICLASS', 3);
    const { network } = await trainNetwork({ ...BASE, architecture: 'LOGISTIC', epochs: 30, learningRate: 0.05 }, data);
    const outputs = predictMatrix(network, test.features);

    for (let r = 0; r < outputs.rows; r++) {
      const sum = outputs.values[3 * r] + outputs.values[3 * r + 1] + outputs.values[3 * r + 2];
      expect(sum).toBeCloseTo(1, 5);
    }
    expect(evaluate(network, test.features, test.target, 'MULTICLASS', 3).accuracy).toBeGreaterThan(0.85);
  });
});
