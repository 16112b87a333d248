import { compareExplanations, type ExplanationComparison, type ExplanationEntry } from '../explain/compare.js';
import { predictionFidelity } from '../explain/fidelity.js';
import { interpretabilityMeasures, type InterpretabilityMeasures } from '../explain/measures.js';
import { predictMatrix } from '../ml/forward.js';
import { selectColumns, type Matrix } from '../ml/matrix.js';
import { evaluate, type EvaluationMetrics } from '../ml/metrics.js';
import { nonZeroParameterCount, parameterCount, type DenseNetwork, type OutputKind } from '../ml/network.js';
import { encodeNetwork } from '../ml/serialize.js';

/** Inputs of the before/after summary of one compression run. */
export interface SummaryInput {
  source: DenseNetwork;
  result: DenseNetwork;
  /** One name per source network input. */
  sourceInputFeatures: string[];
  /** Indices into the source inputs that the result takes, in its input order. */
  resultInputColumns: number[];
  /** Test rows over the source network's inputs. */
  test: Matrix;
  testTarget: Float32Array;
  task: OutputKind;
  classCount: number;
  /** Feature importance of the source model, by feature name (value, and signedValue for sign agreement). */
  importanceBefore: ExplanationEntry[];
  /** Feature importance of the result model on the same rows and method; a removed feature may be left out. */
  importanceAfter: ExplanationEntry[];
  /** k of the top-k agreement measures; default 5. */
  k?: number;
  /** Maximum number of pruning-identified exemplars; default 20. */
  exemplarCount?: number;
}

/** Size of one model. */
export interface ModelSize {
  parameterCount: number;
  nonZeroParameters: number;
  /** Bytes of encodeNetwork's storage format, which stores sparse tensors as a bitmap and the non-zero values. */
  storedBytes: number;
  /** Share of parameters (weights and biases) that are exactly zero. */
  sparsity: number;
}

/** A test row whose prediction changed most, with both models' outputs. */
export interface ChangedPrediction {
  /** Row index within the test split. */
  row: number;
  before: number[];
  after: number[];
  /** L1 distance between the two output rows. */
  change: number;
  /** True when the predicted class differs. */
  classChanged: boolean;
}

/** Before/after record of one compression run. */
export interface CompressionSummary {
  metricsBefore: EvaluationMetrics;
  metricsAfter: EvaluationMetrics;
  sizeBefore: ModelSize;
  sizeAfter: ModelSize;
  /** Share of rows with the same predicted class; null for regression. */
  classAgreement: number | null;
  /** R² of the result's outputs against the source's; null for classifiers. */
  outputR2: number | null;
  explanation: ExplanationComparison;
  interpretabilityBefore: InterpretabilityMeasures;
  interpretabilityAfter: InterpretabilityMeasures;
  /**
   * Pruning-identified exemplars (Hooker et al. 2019): the rows whose
   * predicted class changed first, then the others, each by largest output
   * change.
   */
  exemplars: ChangedPrediction[];
}

/**
 * Compares the source and the compressed model on the same test rows:
 * metrics, size, prediction fidelity, the two explanations and their
 * interpretability measures. Features are the union of both importance
 * lists, a removed feature counting as importance 0 in the result, so the
 * measures of both models are over the same features.
 */
export function summarizeCompression(input: SummaryInput): CompressionSummary {
  checkShapes(input);
  const resultTest = selectColumns(input.test, input.resultInputColumns);
  const outputsBefore = predictMatrix(input.source, input.test);
  const outputsAfter = predictMatrix(input.result, resultTest);
  const fidelity = predictionFidelity(input.task, outputsBefore, outputsAfter, input.exemplarCount ?? 20);
  const [valuesBefore, valuesAfter] = alignedValues(input.importanceBefore, input.importanceAfter);

  return {
    metricsBefore: evaluate(input.source, input.test, input.testTarget, input.task, input.classCount),
    metricsAfter: evaluate(input.result, resultTest, input.testTarget, input.task, input.classCount),
    sizeBefore: modelSize(input.source),
    sizeAfter: modelSize(input.result),
    classAgreement: fidelity.classAgreement,
    outputR2: fidelity.outputR2,
    explanation: compareExplanations(input.importanceBefore, input.importanceAfter, { k: input.k ?? 5 }),
    interpretabilityBefore: interpretabilityMeasures(input.source, valuesBefore),
    interpretabilityAfter: interpretabilityMeasures(input.result, valuesAfter),
    exemplars: fidelity.exemplars.map(({ row, distance, classChanged }) => ({
      row,
      classChanged,
      before: outputRow(outputsBefore, row),
      after: outputRow(outputsAfter, row),
      change: distance,
    })),
  };
}

/** Returns the parameter count, non-zero count, stored size and sparsity of a network. */
export function modelSize(network: DenseNetwork): ModelSize {
  const parameters = parameterCount(network);
  const nonZero = nonZeroParameterCount(network);
  return {
    parameterCount: parameters,
    nonZeroParameters: nonZero,
    storedBytes: encodeNetwork(network).length,
    sparsity: parameters === 0 ? 0 : 1 - nonZero / parameters,
  };
}

function checkShapes(input: SummaryInput): void {
  const { source, result, sourceInputFeatures, resultInputColumns, test } = input;
  if (sourceInputFeatures.length !== source.inputSize) {
    throw new RangeError(`sourceInputFeatures has ${sourceInputFeatures.length} names for ${source.inputSize} source inputs; pass one name per input`);
  }
  if (test.cols !== source.inputSize) throw new RangeError(`the test split has ${test.cols} columns but the source takes ${source.inputSize} inputs; pass rows over the source's inputs`);
  if (resultInputColumns.length !== result.inputSize) {
    throw new RangeError(`resultInputColumns has ${resultInputColumns.length} entries but the result takes ${result.inputSize} inputs; pass the compression result's inputColumns`);
  }
  const outside = resultInputColumns.find((column) => !Number.isInteger(column) || column < 0 || column >= source.inputSize);
  if (outside !== undefined) throw new RangeError(`result input column ${outside} is not a source input; use indices from 0 to ${source.inputSize - 1}`);
}

/** Returns both importance lists as values over the union of their names, 0 where a list lacks a name. */
function alignedValues(before: ExplanationEntry[], after: ExplanationEntry[]): [number[], number[]] {
  const names = [...new Set([...before.map((entry) => entry.name), ...after.map((entry) => entry.name)])];
  const valueOf = (entries: ExplanationEntry[]) => {
    const byName = new Map(entries.map((entry) => [entry.name, entry.value]));
    return names.map((name) => byName.get(name) ?? 0);
  };
  return [valueOf(before), valueOf(after)];
}

function outputRow(outputs: Matrix, row: number): number[] {
  return Array.from(outputs.values.subarray(row * outputs.cols, (row + 1) * outputs.cols));
}
