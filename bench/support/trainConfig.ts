import type { TrainConfig } from '../../src/ml/train.js';

/** Returns the MLP training configuration the benchmarks share, with the given fields changed. */
export function mlpTrainConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    architecture: 'MLP',
    hiddenUnits: [64, 64],
    activation: 'relu',
    epochs: 1,
    batchSize: 32,
    learningRate: 0.01,
    optimizer: 'adam',
    l1: 0,
    l2: 0,
    seed: 42,
    earlyStoppingPatience: null,
    ...overrides,
  };
}
