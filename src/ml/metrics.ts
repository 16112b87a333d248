import { predictMatrix } from './forward.js';
import type { Matrix } from './matrix.js';
import type { DenseNetwork, OutputKind } from './network.js';
import { classProbabilities, predictedClasses } from './predictions.js';

export { classProbabilities, decodeClassLabels, predictedClass, predictedClasses } from './predictions.js';

/** Scores of a model on one split; null where a metric does not apply to the task or is undefined. */
export interface EvaluationMetrics {
  r2: number | null;
  rmse: number | null;
  mae: number | null;
  accuracy: number | null;
  logLoss: number | null;
  macroF1: number | null;
  rocAuc: number | null;
}

/** Probabilities are clipped to [ε, 1 − ε] before the logarithm, so that one confident mistake stays finite. */
export const LOG_LOSS_EPSILON = 1e-15;

/**
 * Predicts `x` with the network and scores the outputs against `y`.
 * Regression gets R², RMSE and MAE. Classification gets accuracy, log loss
 * and macro F1, and binary tasks also ROC AUC.
 */
export function evaluate(network: DenseNetwork, x: Matrix, y: Float32Array, task: OutputKind, classCount: number): EvaluationMetrics {
  if (x.cols !== network.inputSize) throw new Error(`the matrix has ${x.cols} columns but the network takes ${network.inputSize} inputs`);
  if (x.rows !== y.length) throw new Error(`the matrix has ${x.rows} rows but ${y.length} targets`);
  if (x.rows === 0) throw new Error('cannot evaluate on an empty split; pass at least one row');

  const outputs = predictMatrix(network, x);
  const none = { r2: null, rmse: null, mae: null, accuracy: null, logLoss: null, macroF1: null, rocAuc: null };
  if (task === 'REGRESSION') {
    return { ...none, r2: r2Score(y, outputs.values), rmse: rootMeanSquaredError(y, outputs.values), mae: meanAbsoluteError(y, outputs.values) };
  }

  const classes = predictedClasses(outputs, task);
  return {
    ...none,
    accuracy: accuracyScore(y, classes),
    logLoss: logLoss(y, classProbabilities(outputs, task)),
    macroF1: macroF1Score(y, classes, classCount),
    rocAuc: task === 'BINARY' ? rocAucScore(y, outputs.values) : null,
  };
}

/**
 * Returns the coefficient of determination 1 − SS_res / SS_tot. A constant
 * target gives 1 for a perfect prediction and 0 otherwise, as scikit-learn's
 * r2_score does.
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  const mean = meanOf(yTrue);
  let residual = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    residual += (yTrue[i] - yPred[i]) ** 2;
    total += (yTrue[i] - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i] - yPred[i]) ** 2;
  return Math.sqrt(sum / yTrue.length);
}

export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i] - yPred[i]);
  return sum / yTrue.length;
}

/** Returns the share of rows whose predicted class equals the true class. */
export function accuracyScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/**
 * Returns the mean of −log p(true class), with each probability clipped to
 * [LOG_LOSS_EPSILON, 1 − LOG_LOSS_EPSILON]. `probabilities` has one column
 * per class.
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: Matrix): number {
  if (probabilities.rows !== yTrue.length) throw new Error(`${probabilities.rows} probability rows for ${yTrue.length} targets`);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const label = yTrue[i];
    if (!Number.isInteger(label) || label < 0 || label >= probabilities.cols) {
      throw new Error(`target ${label} at row ${i} is not a class index below ${probabilities.cols}`);
    }
    const p = probabilities.values[i * probabilities.cols + label];
    sum -= Math.log(Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p)));
  }
  return sum / yTrue.length;
}

/**
 * Returns the unweighted mean of the per-class F1 scores 2·TP / (2·TP + FP + FN)
 * over the classes that occur in `yTrue` or `yPred` (scikit-learn's
 * average='macro'). A class that is never predicted correctly scores 0.
 */
export function macroF1Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classCount: number): number {
  checkLengths(yTrue, yPred);
  const truePositives = new Float64Array(classCount);
  const falsePositives = new Float64Array(classCount);
  const falseNegatives = new Float64Array(classCount);
  for (let i = 0; i < yTrue.length; i++) {
    const actual = checkClass(yTrue[i], classCount, i);
    const predicted = checkClass(yPred[i], classCount, i);
    if (actual === predicted) truePositives[actual]++;
    else {
      falsePositives[predicted]++;
      falseNegatives[actual]++;
    }
  }

  let sum = 0;
  let present = 0;
  for (let k = 0; k < classCount; k++) {
    const denominator = 2 * truePositives[k] + falsePositives[k] + falseNegatives[k];
    if (denominator === 0) continue;
    sum += (2 * truePositives[k]) / denominator;
    present++;
  }
  return sum / present;
}

/**
 * Returns the area under the ROC curve of scores for class 1, computed as the
 * Mann-Whitney statistic with tied scores given their average rank (a tied
 * positive-negative pair counts one half). Returns null when `yTrue` lacks
 * one of the two classes, where the area is undefined.
 */
export function rocAucScore(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  checkLengths(yTrue, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);

  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && scores[order[end]] === scores[order[start]]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) {
      const label = yTrue[order[i]];
      if (label !== 0 && label !== 1) throw new Error(`target ${label} at row ${order[i]} is not a binary class 0 or 1`);
      if (label === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end;
  }

  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`${a.length} targets but ${b.length} predictions; pass one prediction per target`);
  if (a.length === 0) throw new Error('no targets to score; pass at least one row');
}

function checkClass(value: number, classCount: number, row: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= classCount) {
    throw new Error(`class ${value} at row ${row} is invalid; classes are integers from 0 to ${classCount - 1}`);
  }
  return value;
}
