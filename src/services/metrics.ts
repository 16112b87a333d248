import { evaluate } from '../ml/metrics.js';
import type { DenseNetwork } from '../ml/network.js';
import type { ComputeData, SplitName } from './computeData.js';

export interface StoredSplitMetrics {
  split: SplitName;
  rows: number;
  accuracy: number | null;
  r2: number | null;
  rmse: number | null;
  mae: number | null;
  logLoss: number | null;
  macroF1: number | null;
  rocAuc: number | null;
}

/** Evaluates a network on every split of its data, in TRAIN, VALIDATION, TEST order. */
export function evaluateSplits(network: DenseNetwork, data: ComputeData): StoredSplitMetrics[] {
  return (['TRAIN', 'VALIDATION', 'TEST'] as const).map((split) => {
    const { x, y } = data.splits[split];
    if (x.rows === 0) {
      return { split, rows: 0, accuracy: null, r2: null, rmse: null, mae: null, logLoss: null, macroF1: null, rocAuc: null };
    }
    const metrics = evaluate(network, x, y, data.task, data.classCount);
    return { split, rows: x.rows, ...metrics };
  });
}
