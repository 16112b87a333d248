import type { BatchPredictor } from '../../src/explain/types.js';
import { predictMatrix } from '../../src/ml/forward.js';
import type { Matrix } from '../../src/ml/matrix.js';

/** Counts of the forward passes an importance method asked for. */
export interface PredictorUsage {
  calls: number;
  rows: number;
  /** Seconds spent inside the predictor. */
  seconds: number;
}

/** Wraps the default batched predictor to count calls, rows and the seconds spent in it. */
export function countingPredictor(): { predictor: BatchPredictor; usage: PredictorUsage } {
  const usage: PredictorUsage = { calls: 0, rows: 0, seconds: 0 };
  const predictor: BatchPredictor = (network, input, batchSize) => {
    const started = performance.now();
    const output = predictMatrix(network, input, batchSize);
    usage.seconds += (performance.now() - started) / 1000;
    usage.calls++;
    usage.rows += input.rows;
    return output;
  };
  return { predictor, usage };
}

/** Measurements of a row-at-a-time run, taken before its time budget ran out. */
export interface RowAtATimeUsage {
  totalRows: number;
  /** Rows evaluated one per predictMatrix call. */
  singleRows: number;
  singleSeconds: number;
}

/**
 * Creates a predictor that evaluates one row per predictMatrix call until
 * `budgetSeconds` of such calls have passed, then the remaining rows batched.
 * A run whose row-at-a-time cost would take hours still ends, and the per-row
 * cost measured on the first rows extrapolates to the rest.
 */
export function rowAtATimePredictor(budgetSeconds: number): { predictor: BatchPredictor; usage: RowAtATimeUsage } {
  const usage: RowAtATimeUsage = { totalRows: 0, singleRows: 0, singleSeconds: 0 };
  const predictor: BatchPredictor = (network, input, batchSize) => {
    usage.totalRows += input.rows;
    const parts: Matrix[] = [];
    let row = 0;

    const started = performance.now();
    for (; row < input.rows && usage.singleSeconds + (performance.now() - started) / 1000 < budgetSeconds; row++) {
      const single: Matrix = { rows: 1, cols: input.cols, values: input.values.subarray(row * input.cols, (row + 1) * input.cols) };
      parts.push(predictMatrix(network, single, 1));
    }
    usage.singleSeconds += (performance.now() - started) / 1000;
    usage.singleRows += row;

    if (row < input.rows) {
      const rest: Matrix = { rows: input.rows - row, cols: input.cols, values: input.values.subarray(row * input.cols) };
      parts.push(predictMatrix(network, rest, batchSize));
    }
    return concatenateRows(parts);
  };
  return { predictor, usage };
}

function concatenateRows(parts: Matrix[]): Matrix {
  const cols = parts[0]?.cols ?? 1;
  const rows = parts.reduce((sum, part) => sum + part.rows, 0);
  const values = new Float32Array(rows * cols);
  let offset = 0;
  for (const part of parts) {
    values.set(part.values, offset);
    offset += part.values.length;
  }
  return { rows, cols, values };
}
