import type { Matrix } from '../ml/matrix.js';
import { summarizeAttributions, type GroupCombination } from './aggregate.js';
import type { ExplainedRows } from './rows.js';
import type { ExplainInput, ImportanceMethodName, ImportanceResult, ResolvedOptions, SelfCheck } from './types.js';

/** Output of a per-sample feature method before it is summarized. */
export interface RowAttributions {
  method: ImportanceMethodName;
  options: ResolvedOptions;
  rows: ExplainedRows;
  /** Signed attributions [rows × inputs], row order of `rows`. */
  values: Float64Array;
  combination: GroupCombination;
  startedAt: number;
  /** Rows of `rows` to leave out of the mean; none when omitted. */
  skipped?: boolean[];
  checks?: SelfCheck[];
  notes?: string[];
  convergenceDelta?: Float64Array;
}

/**
 * Builds the result of a per-sample feature method: scores are mean absolute
 * values over the rows not skipped, and the per-row attributions are kept.
 */
export function rowAttributionResult(input: ExplainInput, produced: RowAttributions): ImportanceResult {
  const inputSize = input.network.inputSize;
  const kept = produced.rows.indices.map((_, r) => r).filter((r) => !produced.skipped?.[r]);
  const keptValues = new Float64Array(kept.length * inputSize);
  kept.forEach((r, k) => keptValues.set(produced.values.subarray(r * inputSize, (r + 1) * inputSize), k * inputSize));

  const scores = summarizeAttributions(
    { values: keptValues, rows: kept.length, inputSize, featureNames: input.featureNames, groups: input.featureGroups ?? [] },
    produced.combination,
  );
  const attributions: Matrix = { rows: produced.rows.indices.length, cols: inputSize, values: Float32Array.from(produced.values) };

  return {
    method: produced.method,
    targetKind: 'FEATURE',
    scores,
    sampleCount: kept.length,
    seed: input.seed,
    options: produced.options,
    checks: produced.checks ?? [],
    notes: produced.notes ?? [],
    skippedSamples: produced.rows.indices.length - kept.length,
    durationMs: performance.now() - produced.startedAt,
    perSample: {
      rowIndices: produced.rows.indices,
      explainedClass: produced.rows.classes,
      attributions,
      ...(produced.convergenceDelta ? { convergenceDelta: Float32Array.from(produced.convergenceDelta) } : {}),
    },
  };
}

/** Returns a self-check that passes when `value` is at most `tolerance`. */
export function selfCheck(name: string, value: number, tolerance: number, detail: string): SelfCheck {
  return { name, value, tolerance, passed: value <= tolerance, detail };
}
