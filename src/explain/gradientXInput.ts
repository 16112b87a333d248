import { zeroColumns } from './aggregate.js';
import { inputGradients } from './gradients.js';
import { resolveOptions } from './options.js';
import { rowAttributionResult } from './result.js';
import { explainedRows } from './rows.js';
import { CONSTANT_COLUMN_NOTE } from './saliency.js';
import { constantColumns } from './sampling.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult } from './types.js';

/**
 * Gradient × input (Shrikumar et al. 2016, "Not just a black box"): per row
 * x_j · ∂f/∂x_j on raw encoded inputs. The score is the mean absolute value
 * over sampled rows and `signedValue` the signed mean. The method is additive,
 * so a group is the sum of its columns per row.
 */
export const gradientXInput: ImportanceMethod = {
  name: 'GRADIENT_X_INPUT',
  targetKind: 'FEATURE',
  defaults: {},
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, gradientXInput.defaults);
    const rows = explainedRows(input, options);

    const { gradients } = inputGradients(input.network, input.task, rows.x, rows.classes, options.batchSize);
    const values = new Float64Array(gradients.length);
    for (let i = 0; i < values.length; i++) values[i] = rows.x.values[i] * gradients[i];
    zeroColumns(values, rows.x.rows, rows.x.cols, constantColumns(input.data, input.background));

    return rowAttributionResult(input, {
      method: 'GRADIENT_X_INPUT', options, rows, values, combination: 'sum', startedAt, notes: [CONSTANT_COLUMN_NOTE],
    });
  },
};
