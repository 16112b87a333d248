import { deriveSeed } from '../core/random.js';
import { selectRows, type Matrix } from '../ml/matrix.js';
import { explainedClasses, explainedValues, predictorOf } from './output.js';
import { sampleRowIndices } from './sampling.js';
import type { ExplainInput, ResolvedOptions } from './types.js';

/** The rows a per-sample method explains, with their outputs and explained classes. */
export interface ExplainedRows {
  /** Row indices into `ExplainInput.data`, ascending. */
  indices: number[];
  x: Matrix;
  /** Explained class per row: `targetClass`, or the class the network predicts for the row. */
  classes: Int32Array;
  /** Explained output f(x) per row. */
  outputs: Float64Array;
}

/**
 * Draws `options.samples` rows of the data with a seed derived from the input
 * seed, the same for every method, so methods explain the same rows.
 */
export function explainedRows(input: ExplainInput, options: ResolvedOptions): ExplainedRows {
  const indices = sampleRowIndices(input.data.rows, options.samples, deriveSeed(input.seed, 'rows'));
  const x = selectRows(input.data, indices);
  const predictions = predictorOf(input)(input.network, x, options.batchSize);
  const classes = explainedClasses(input.task, predictions, options.targetClass);
  return { indices, x, classes, outputs: explainedValues(input.task, predictions, classes) };
}
