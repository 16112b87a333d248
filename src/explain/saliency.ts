import { zeroColumns } from './aggregate.js';
import { inputGradients } from './gradients.js';
import { resolveOptions } from './options.js';
import { rowAttributionResult } from './result.js';
import { explainedRows } from './rows.js';
import { constantColumns } from './sampling.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult } from './types.js';

/** Note added by gradient methods, which would otherwise score a never-varying column by the network's weight on it. */
export const CONSTANT_COLUMN_NOTE = 'columns constant over the data and background rows score exactly 0';

/**
 * Saliency (Simonyan et al. 2014, "Deep inside convolutional networks"):
 * the mean over sampled rows of |∂f/∂x_j| with respect to the raw encoded
 * input, f being the explained output. A group scores the mean L1 norm of
 * its columns' gradients. `signedValue` is the mean signed gradient.
 */
export const saliency: ImportanceMethod = {
  name: 'SALIENCY',
  targetKind: 'FEATURE',
  defaults: {},
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, saliency.defaults);
    const rows = explainedRows(input, options);

    const { gradients } = inputGradients(input.network, input.task, rows.x, rows.classes, options.batchSize);
    const values = Float64Array.from(gradients);
    zeroColumns(values, rows.x.rows, rows.x.cols, constantColumns(input.data, input.background));

    return rowAttributionResult(input, {
      method: 'SALIENCY', options, rows, values, combination: 'sumAbs', startedAt, notes: [CONSTANT_COLUMN_NOTE],
    });
  },
};
