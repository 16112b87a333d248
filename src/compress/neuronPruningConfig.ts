import { readChoice, readInteger, readNumber, readObject, requireExactlyOne } from './configFields.js';
import { CompressionConfigError } from './errors.js';
import { roundHalfToEven } from './masks.js';
import type { NeuronCriterion } from './neuronScores.js';
import type { ValidationContext } from './types.js';

/** NEURON_PRUNING settings with every default filled in; exactly one of fraction and count is set. */
export interface NeuronPruningConfig {
  /** Share of each hidden layer's units to remove, in (0, 1]; every layer keeps at least one unit. */
  fraction: number | null;
  /** Number of units to remove across all hidden layers. */
  count: number | null;
  criterion: NeuronCriterion;
  fineTuneEpochs: number;
  /** Rows, drawn with the seed, that MEAN_ACTIVATION and TAYLOR average over. */
  scoringRows: number;
}

export const NEURON_PRUNING_DEFAULTS = { criterion: 'WEIGHT_L1', fineTuneEpochs: 5, scoringRows: 2048 } as const;

const FIELDS = ['fraction', 'count', 'criterion', 'fineTuneEpochs', 'scoringRows'] as const;

/** Checks a NEURON_PRUNING config against the source model and fills in defaults. */
export function validateNeuronPruningConfig(config: unknown, context: ValidationContext): NeuronPruningConfig {
  const raw = readObject('NEURON_PRUNING', config, FIELDS);
  if (context.hiddenLayerSizes.length === 0) {
    throw new CompressionConfigError('NEURON_PRUNING needs a model with hidden layers, but this model has none; use WEIGHT_PRUNING or FEATURE_SELECTION');
  }

  const amountField = requireExactlyOne(raw, ['fraction', 'count']);
  const result: NeuronPruningConfig = {
    fraction: null,
    count: null,
    criterion: readChoice(raw, 'criterion', ['WEIGHT_L1', 'MEAN_ACTIVATION', 'TAYLOR'] as const, NEURON_PRUNING_DEFAULTS.criterion),
    fineTuneEpochs: readInteger(raw, 'fineTuneEpochs', 0, NEURON_PRUNING_DEFAULTS.fineTuneEpochs),
    scoringRows: readInteger(raw, 'scoringRows', 1, NEURON_PRUNING_DEFAULTS.scoringRows),
  };

  if (amountField === 'fraction') {
    const fraction = readNumber(raw, 'fraction');
    if (!(fraction > 0 && fraction <= 1)) throw new CompressionConfigError(`fraction ${fraction} is invalid; pass a share of units per hidden layer in (0, 1], such as 0.5`);
    result.fraction = fraction;
  } else {
    result.count = readInteger(raw, 'count', 1);
    const removable = context.hiddenLayerSizes.reduce((sum, units) => sum + units - 1, 0);
    if (result.count > removable) {
      throw new CompressionConfigError(
        `count ${result.count} would empty a hidden layer: the layers of ${context.hiddenLayerSizes.join(', ')} units allow at most ${removable} removals with one unit kept in each; pass a count of at most ${removable}`,
      );
    }
  }
  return result;
}

/** Returns how many units a fraction removes from a layer: round(fraction · units), rounding half to even, keeping one. */
export function unitsToRemove(fraction: number, units: number): number {
  return Math.min(units - 1, roundHalfToEven(fraction * units));
}
