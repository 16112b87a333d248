import { readFileSync } from 'node:fs';
import type { CompressionData, CompressionInput } from '../../src/compress/types.js';
import { createRandom, permutation } from '../../src/core/random.js';
import { friedman1 } from '../../src/data/synthetic.js';
import type { FeatureGroup } from '../../src/explain/types.js';
import type { Matrix } from '../../src/ml/matrix.js';
import type { DenseNetwork, OutputKind } from '../../src/ml/network.js';
import { trainNetwork, type TrainConfig } from '../../src/ml/train.js';

/** A dataset split into train, validation and test matrices. */
export interface Splits extends CompressionData {
  featureNames: string[];
  validation: Matrix;
  validationTarget: Float32Array;
  test: Matrix;
  testTarget: Float32Array;
}

/** Splits row-major features into 60 % train, 20 % validation and 20 % test, in row order. */
export function splitRows(featureNames: string[], features: ArrayLike<number>, target: ArrayLike<number>): Splits {
  const cols = featureNames.length;
  const rows = target.length;
  const trainEnd = Math.floor(rows * 0.6);
  const validationEnd = Math.floor(rows * 0.8);
  const part = (start: number, end: number): [Matrix, Float32Array] => [
    { rows: end - start, cols, values: Float32Array.from({ length: (end - start) * cols }, (_, i) => features[start * cols + i]) },
    Float32Array.from({ length: end - start }, (_, i) => target[start + i]),
  ];

  const [train, trainTarget] = part(0, trainEnd);
  const [validation, validationTarget] = part(trainEnd, validationEnd);
  const [test, testTarget] = part(validationEnd, rows);
  return { featureNames, train, trainTarget, validation, validationTarget, test, testTarget };
}

/** Friedman #1 regression data (10 features, only x1…x5 matter) split 60/20/20. */
export function friedmanSplits(rows: number, seed: number): Splits {
  const table = friedman1(rows, 1, seed);
  return splitRows(table.featureNames, table.features, table.target);
}

export function mlpConfig(hiddenUnits: number[], overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    architecture: 'MLP',
    hiddenUnits,
    activation: 'relu',
    epochs: 30,
    batchSize: 64,
    learningRate: 0.01,
    optimizer: 'adam',
    l1: 0,
    l2: 0,
    seed: 7,
    earlyStoppingPatience: null,
    ...overrides,
  };
}

/** Trains a network on the splits' training rows. */
export async function trainOn(splits: Splits, config: TrainConfig, task: OutputKind = 'REGRESSION', classCount = 1): Promise<DenseNetwork> {
  const result = await trainNetwork(config, {
    task,
    classCount,
    train: splits.train,
    trainTarget: splits.trainTarget,
    validation: splits.validation,
    validationTarget: splits.validationTarget,
  });
  return result.network;
}

/** Builds a compression input over all of the network's inputs. */
export function compressionInput(
  network: DenseNetwork,
  splits: Splits,
  trainConfig: TrainConfig,
  config: unknown,
  options: { task?: OutputKind; classCount?: number; featureGroups?: FeatureGroup[] } = {},
): CompressionInput {
  return {
    network,
    featureNames: splits.featureNames,
    featureGroups: options.featureGroups ?? [],
    task: options.task ?? 'REGRESSION',
    classCount: options.classCount ?? 1,
    data: splits,
    trainConfig,
    config,
    seed: 11,
  };
}

/** Returns the share of exactly-zero values in the arrays. */
export function zeroShare(...arrays: Float32Array[]): number {
  let zeros = 0;
  let total = 0;
  for (const values of arrays) {
    for (const value of values) if (value === 0) zeros++;
    total += values.length;
  }
  return zeros / total;
}

/** Reads one of the shared scikit-learn CSVs (header row, last column `target`), shuffles its rows with the seed and splits them. */
export function sklearnSplits(file: string, seed: number): Splits {
  const text = readFileSync(new URL(`../../../shared/datasets/sklearn/${file}`, import.meta.url), 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split(',').slice(0, -1);
  const rows = lines.map((line) => line.split(',').map(Number));
  const order = permutation(rows.length, createRandom(seed));

  const features = new Float32Array(rows.length * names.length);
  const target = new Float32Array(rows.length);
  order.forEach((source, row) => {
    features.set(rows[source].slice(0, -1), row * names.length);
    target[row] = rows[source][names.length];
  });
  return splitRows(names, features, target);
}
