import type { Matrix } from '../ml/matrix.js';
import { inputGradients } from './gradients.js';
import { explainedValue, predictorOf } from './output.js';
import { resolveOptions } from './options.js';
import { quadrature } from './quadrature.js';
import { rowAttributionResult, selfCheck } from './result.js';
import { explainedRows, type ExplainedRows } from './rows.js';
import { columnMeans } from './sampling.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult, ResolvedOptions, SelfCheck } from './types.js';

/**
 * Integrated gradients (Sundararajan et al. 2017, "Axiomatic attribution for
 * deep networks"): (x_j − x'_j) · ∫₀¹ ∂f/∂x_j(x' + α(x − x')) dα, with the
 * integral taken by 50-point Gauss-Legendre quadrature by default (Captum's
 * default) or the trapezoid rule. The baseline x' defaults to the background
 * mean. All steps of a chunk of rows go through one batched gradient pass.
 * Completeness, Σ_j attribution_j = f(x) − f(x'), is reported as self-checks.
 */
export const integratedGradients: ImportanceMethod = {
  name: 'INTEGRATED_GRADIENTS',
  targetKind: 'FEATURE',
  defaults: {},
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, integratedGradients.defaults);
    const rows = explainedRows(input, options);
    const baseline = baselineRow(input, options);

    const values = integrate(input, options, rows, baseline);
    const baselineOutputs = predictorOf(input)(input.network, { rows: 1, cols: baseline.length, values: baseline }, options.batchSize);
    const delta = new Float64Array(rows.x.rows);
    const expected = new Float64Array(rows.x.rows);
    for (let r = 0; r < rows.x.rows; r++) {
      expected[r] = rows.outputs[r] - explainedValue(input.task, baselineOutputs, 0, rows.classes[r]);
      let total = 0;
      for (let c = 0; c < rows.x.cols; c++) total += values[r * rows.x.cols + c];
      delta[r] = total - expected[r];
    }

    const notes = [
      `baseline ${Array.isArray(options.baseline) ? 'given row' : options.baseline}; ${options.steps} ${options.integration} steps`,
      'a row equal to the baseline gets exact zeros, because x − x\' is 0 in every column and completeness then requires a zero sum',
      'a column constant over the data scores 0 with the mean baseline; with another baseline it keeps its attribution, which completeness needs',
    ];
    return rowAttributionResult(input, {
      method: 'INTEGRATED_GRADIENTS', options, rows, values, combination: 'sum', startedAt,
      checks: completenessChecks(delta, expected, rows.outputs), notes, convergenceDelta: delta,
    });
  },
};

/** Returns the baseline as a float32 row, so that a data row equal to it gives x − x' = 0 exactly. */
function baselineRow(input: ExplainInput, options: ResolvedOptions): Float32Array {
  if (options.baseline === 'mean') return Float32Array.from(columnMeans(input.background));
  if (options.baseline === 'zero') return new Float32Array(input.network.inputSize);
  return Float32Array.from(options.baseline);
}

/** Integrates the gradients along the straight path for every row, `floor(batchSize / steps)` rows per pass. */
function integrate(input: ExplainInput, options: ResolvedOptions, rows: ExplainedRows, baseline: Float32Array): Float64Array {
  const { alphas, weights } = quadrature(options.integration, options.steps);
  const steps = alphas.length;
  const inputSize = rows.x.cols;
  const values = new Float64Array(rows.x.rows * inputSize);
  const rowsPerChunk = Math.max(1, Math.floor(options.batchSize / steps));

  for (let start = 0; start < rows.x.rows; start += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, rows.x.rows - start);
    const path = pathMatrix(rows.x, start, count, baseline, alphas);
    const classes = new Int32Array(steps * count);
    for (let s = 0; s < steps; s++) classes.set(rows.classes.subarray(start, start + count), s * count);
    const { gradients } = inputGradients(input.network, input.task, path, classes, options.batchSize);

    for (let i = 0; i < count; i++) {
      const r = start + i;
      for (let c = 0; c < inputSize; c++) {
        let integral = 0;
        for (let s = 0; s < steps; s++) integral += weights[s] * gradients[(s * count + i) * inputSize + c];
        const difference = rows.x.values[r * inputSize + c] - baseline[c];
        values[r * inputSize + c] = difference === 0 ? 0 : difference * integral;
      }
    }
  }
  return values;
}

/** Builds the path points x' + α(x − x') of `count` rows, ordered step-major: row s·count + i. */
function pathMatrix(x: Matrix, start: number, count: number, baseline: Float32Array, alphas: Float64Array): Matrix {
  const cols = x.cols;
  const values = new Float32Array(alphas.length * count * cols);
  alphas.forEach((alpha, s) => {
    for (let i = 0; i < count; i++) {
      const source = (start + i) * cols;
      const target = (s * count + i) * cols;
      for (let c = 0; c < cols; c++) values[target + c] = baseline[c] + alpha * (x.values[source + c] - baseline[c]);
    }
  });
  return { rows: alphas.length * count, cols, values };
}

/**
 * Reports the largest completeness gap |Σ attributions − (f(x) − f(x'))|
 * against 1% of the largest |f(x) − f(x')|, and the largest gap relative to
 * the row's |f(x) − f(x')|, floored at 1e-3 of the output scale so that rows
 * next to the baseline do not divide by almost zero.
 */
function completenessChecks(delta: Float64Array, expected: Float64Array, outputs: Float64Array): SelfCheck[] {
  let scale = 0;
  for (let r = 0; r < delta.length; r++) scale = Math.max(scale, Math.abs(outputs[r]), Math.abs(expected[r]));

  let maxGap = 0;
  let maxRelative = 0;
  let maxExpected = 0;
  for (let r = 0; r < delta.length; r++) {
    const gap = Math.abs(delta[r]);
    maxGap = Math.max(maxGap, gap);
    maxExpected = Math.max(maxExpected, Math.abs(expected[r]));
    const denominator = Math.max(Math.abs(expected[r]), 1e-3 * scale);
    if (denominator > 0) maxRelative = Math.max(maxRelative, gap / denominator);
  }

  return [
    selfCheck('completeness_max_gap', maxGap, 0.01 * maxExpected, `max over ${delta.length} rows of |Σ attributions − (f(x) − f(baseline))|; tolerance 1% of max |f(x) − f(baseline)|`),
    selfCheck('completeness_relative_gap', maxRelative, 0.01, 'max over rows of the gap divided by |f(x) − f(baseline)| (floored at 1e-3 of the output scale); raise steps when it fails'),
  ];
}
