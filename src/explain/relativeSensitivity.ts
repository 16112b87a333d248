import { zeroColumns } from './aggregate.js';
import { inputGradients } from './gradients.js';
import { resolveOptions } from './options.js';
import { rowAttributionResult } from './result.js';
import { explainedRows } from './rows.js';
import { CONSTANT_COLUMN_NOTE } from './saliency.js';
import { constantColumns } from './sampling.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult } from './types.js';

/**
 * Relative sensitivity (∂y/∂x_j) · (1/y), the gradient of log |y|: the score is
 * the mean absolute value over sampled rows. It is undefined where y is near
 * zero, so rows with |y| < epsilon · mean |y| over the sampled rows (epsilon
 * default 1e-3) are skipped and counted in `skippedSamples`. A group scores
 * the L1 norm of its columns per row.
 */
export const relativeSensitivity: ImportanceMethod = {
  name: 'RELATIVE_SENSITIVITY',
  targetKind: 'FEATURE',
  defaults: {},
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, relativeSensitivity.defaults);
    const rows = explainedRows(input, options);
    const { gradients, outputs } = inputGradients(input.network, input.task, rows.x, rows.classes, options.batchSize);

    const meanMagnitude = outputs.reduce((sum, y) => sum + Math.abs(y), 0) / outputs.length;
    const threshold = options.epsilon * meanMagnitude;
    const skipped = Array.from(outputs, (y) => Math.abs(y) < threshold || y === 0);

    const inputSize = rows.x.cols;
    const values = new Float64Array(gradients.length);
    for (let r = 0; r < rows.x.rows; r++) {
      if (skipped[r]) continue;
      for (let c = 0; c < inputSize; c++) values[r * inputSize + c] = gradients[r * inputSize + c] / outputs[r];
    }
    zeroColumns(values, rows.x.rows, inputSize, constantColumns(input.data, input.background));

    const skippedCount = skipped.filter(Boolean).length;
    const notes = [
      CONSTANT_COLUMN_NOTE,
      `skipped ${skippedCount} of ${rows.x.rows} rows with |y| < ${threshold.toExponential(3)} (epsilon ${options.epsilon} × mean |y| ${meanMagnitude.toExponential(3)}), where 1/y is unstable`,
    ];
    return rowAttributionResult(input, {
      method: 'RELATIVE_SENSITIVITY', options, rows, values, combination: 'sumAbs', startedAt, skipped, notes,
    });
  },
};
