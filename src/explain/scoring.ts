import type { Matrix } from '../ml/matrix.js';
import type { OutputKind } from '../ml/network.js';
import { predictedClasses } from './output.js';

/** The metric PERMUTATION scores a model with: R² for regression (negative MSE when the target is constant), accuracy otherwise. */
export type ScoreMetric = 'r2' | 'neg_mse' | 'accuracy';

/** Returns the metric used for these labels; R² is undefined for a constant target, so negative MSE replaces it. */
export function scoreMetric(task: OutputKind, target: Float32Array): ScoreMetric {
  if (task !== 'REGRESSION') return 'accuracy';
  return target.every((value) => value === target[0]) ? 'neg_mse' : 'r2';
}

/** Scores output rows `start..start + target.length` against the labels; higher is better. */
export function scoreOutputs(metric: ScoreMetric, task: OutputKind, outputs: Matrix, start: number, target: Float32Array): number {
  const n = target.length;
  if (metric === 'accuracy') {
    const block: Matrix = { rows: n, cols: outputs.cols, values: outputs.values.subarray(start * outputs.cols, (start + n) * outputs.cols) };
    const classes = predictedClasses(task, block);
    let correct = 0;
    for (let r = 0; r < n; r++) if (classes[r] === target[r]) correct++;
    return correct / n;
  }

  let residual = 0;
  for (let r = 0; r < n; r++) residual += (target[r] - outputs.values[(start + r) * outputs.cols]) ** 2;
  if (metric === 'neg_mse') return -residual / n;

  const mean = target.reduce((sum, value) => sum + value, 0) / n;
  let total = 0;
  for (let r = 0; r < n; r++) total += (target[r] - mean) ** 2;
  return 1 - residual / total;
}
