import { resolveOptions } from '../explain/options.js';
import type { ImportanceMethodName, ImportanceOptions } from '../explain/types.js';
import { isMissing, readBoolean, readChoice, readInteger, readNumber, readObject, requireExactlyOne } from './configFields.js';
import { CompressionConfigError } from './errors.js';
import { roundHalfToEven } from './masks.js';
import type { ValidationContext } from './types.js';

/** Importance methods that score input features, so they can rank features for selection. */
export const FEATURE_RANKING_METHODS = [
  'PERMUTATION',
  'SALIENCY',
  'GRADIENT_X_INPUT',
  'RELATIVE_SENSITIVITY',
  'INTEGRATED_GRADIENTS',
  'KERNEL_SHAP',
  'LIME',
] as const satisfies readonly ImportanceMethodName[];

export type FeatureRankingMethod = (typeof FEATURE_RANKING_METHODS)[number];

/**
 * FEATURE_SELECTION settings with every default filled in. Exactly one of
 * keep, fraction and threshold is set. Counts are in features as users see
 * them: a one-hot group counts as one feature and is kept or dropped whole.
 */
export interface FeatureSelectionConfig {
  /** Number of features to keep, from 1 to the feature count. */
  keep: number | null;
  /** Share of features to keep, in (0, 1]; keeps round(fraction · features), at least one. */
  fraction: number | null;
  /** Keeps the features whose importance is above this value (at least the best one). */
  threshold: number | null;
  importanceMethod: FeatureRankingMethod;
  /** Options passed to the importance method. */
  importanceOptions: ImportanceOptions;
  /** Features dropped per round of recursive elimination; null ranks once. */
  step: number | null;
  /** Epochs of fine-tuning when `retrain` is false. */
  fineTuneEpochs: number;
  /** True retrains from scratch with the source's training config and seed; false slices the first layer and fine-tunes. */
  retrain: boolean;
}

export const FEATURE_SELECTION_DEFAULTS = { importanceMethod: 'PERMUTATION', fineTuneEpochs: 5, retrain: true } as const;

const FIELDS = ['keep', 'fraction', 'threshold', 'importanceMethod', 'importanceOptions', 'step', 'fineTuneEpochs', 'retrain'] as const;

/** Checks a FEATURE_SELECTION config against the source model and fills in defaults. */
export function validateFeatureSelectionConfig(config: unknown, context: ValidationContext): FeatureSelectionConfig {
  const raw = readObject('FEATURE_SELECTION', config, FIELDS);
  const amountField = requireExactlyOne(raw, ['keep', 'fraction', 'threshold']);

  const result: FeatureSelectionConfig = {
    keep: null,
    fraction: null,
    threshold: null,
    importanceMethod: readChoice(raw, 'importanceMethod', FEATURE_RANKING_METHODS, FEATURE_SELECTION_DEFAULTS.importanceMethod),
    importanceOptions: readImportanceOptions(raw.importanceOptions),
    step: isMissing(raw, 'step') ? null : readInteger(raw, 'step', 1),
    fineTuneEpochs: readInteger(raw, 'fineTuneEpochs', 0, FEATURE_SELECTION_DEFAULTS.fineTuneEpochs),
    retrain: readBoolean(raw, 'retrain', FEATURE_SELECTION_DEFAULTS.retrain),
  };

  if (amountField === 'keep') {
    result.keep = readInteger(raw, 'keep', 1);
    if (result.keep > context.featureCount) {
      throw new CompressionConfigError(`keep ${result.keep} is above the model's ${context.featureCount} features (a one-hot group counts as one); pass at most ${context.featureCount}`);
    }
  } else if (amountField === 'fraction') {
    result.fraction = readNumber(raw, 'fraction');
    if (!(result.fraction > 0 && result.fraction <= 1)) throw new CompressionConfigError(`fraction ${result.fraction} is invalid; pass a share of features to keep in (0, 1], such as 0.5`);
  } else {
    result.threshold = readNumber(raw, 'threshold');
    if (result.step !== null) throw new CompressionConfigError(`step ${result.step} needs keep or fraction as the target of recursive elimination; remove step or replace threshold with keep`);
  }
  return result;
}

/** Returns how many features a keep or fraction config keeps; null for a threshold config. */
export function targetFeatureCount(config: FeatureSelectionConfig, featureCount: number): number | null {
  if (config.keep !== null) return config.keep;
  if (config.fraction !== null) return Math.max(1, roundHalfToEven(config.fraction * featureCount));
  return null;
}

function readImportanceOptions(value: unknown): ImportanceOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CompressionConfigError(`importanceOptions ${JSON.stringify(value)} is invalid; pass an object of importance method options such as { "repeats": 5 }`);
  }

  try {
    resolveOptions(value as ImportanceOptions);
  } catch (error) {
    throw new CompressionConfigError(`importanceOptions: ${(error as Error).message}`);
  }
  return { ...(value as ImportanceOptions) };
}
