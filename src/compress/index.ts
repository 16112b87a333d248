import { CompressionConfigError } from './errors.js';
import { featureSelection } from './featureSelection.js';
import { neuronPruning } from './neuronPruning.js';
import { COMPRESSION_METHODS, type CompressionInput, type CompressionMethod, type CompressionResult, type Compressor, type ValidationContext } from './types.js';
import { weightPruning } from './weightPruning.js';

export * from './types.js';
export { CompressionCancelledError, CompressionConfigError } from './errors.js';
export { validationContext } from './context.js';
export { computeMasks, maskSparsity, prunedCount, roundHalfToEven, type PruningScope } from './masks.js';
export { polynomialSchedule, polynomialSparsity } from './schedule.js';
export { removeUnits } from './removeUnits.js';
export { sliceInputs } from './sliceInputs.js';
export { magnitudeScores, relativeSensitivityScores, taylorScores, weightScores, type WeightCriterion, type WeightScores } from './weightScores.js';
export { WEIGHT_PRUNING_DEFAULTS, type PruningSchedule, type WeightPruningConfig } from './weightPruningConfig.js';
export { NEURON_PRUNING_DEFAULTS, type NeuronPruningConfig } from './neuronPruningConfig.js';
export { FEATURE_RANKING_METHODS, FEATURE_SELECTION_DEFAULTS, type FeatureSelectionConfig } from './featureSelectionConfig.js';
export type { NeuronCriterion } from './neuronScores.js';
export { modelSize, summarizeCompression, type ChangedPrediction, type CompressionSummary, type ModelSize, type SummaryInput } from './summary.js';

/** Every compression method by name; a new method is one file and one line here. */
export const compressors: Record<CompressionMethod, Compressor> = {
  WEIGHT_PRUNING: weightPruning,
  FEATURE_SELECTION: featureSelection,
  NEURON_PRUNING: neuronPruning,
};

/** Returns the compressor of that name, or throws CompressionConfigError listing the names. */
export function compressor(method: string): Compressor {
  if (!(COMPRESSION_METHODS as readonly string[]).includes(method)) {
    throw new CompressionConfigError(`compression method ${method} is unknown; use one of ${COMPRESSION_METHODS.join(', ')}`);
  }
  return compressors[method as CompressionMethod];
}

/**
 * Checks a method's config against the source model without running it, so
 * that an API can reject bad input before queuing a job. Returns the config
 * with defaults filled in; throws CompressionConfigError naming the value.
 */
export function validateConfig(method: string, config: unknown, context: ValidationContext): Record<string, unknown> {
  return compressor(method).validateConfig(config, context);
}

/** Runs one compression method on the input; the source network is never mutated. */
export async function compress(method: string, input: CompressionInput): Promise<CompressionResult> {
  return compressor(method).compress(input);
}
