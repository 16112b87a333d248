import { isMissing, readBoolean, readChoice, readInteger, readNumber, readObject } from './configFields.js';
import { CompressionConfigError } from './errors.js';
import { prunedCount, type PruningScope } from './masks.js';
import type { ValidationContext } from './types.js';
import type { WeightCriterion } from './weightScores.js';

export type PruningSchedule = 'ONE_SHOT' | 'POLYNOMIAL';

/** WEIGHT_PRUNING settings with every default filled in. */
export interface WeightPruningConfig {
  /** Target share of zero values among the prunable weights, in [0, 1). */
  sparsity: number;
  scope: PruningScope;
  criterion: WeightCriterion;
  schedule: PruningSchedule;
  /** Pruning steps of the POLYNOMIAL schedule; 1 for ONE_SHOT. */
  steps: number;
  /** Fine-tuning epochs in total, spread over the steps of the schedule. */
  fineTuneEpochs: number;
  includeBiases: boolean;
  includeOutputLayer: boolean;
  /** Training rows, drawn with the seed, that TAYLOR and RELATIVE_SENSITIVITY average over. */
  scoringRows: number;
  /** RELATIVE_SENSITIVITY skips rows with |y| < epsilon · mean |y|. */
  epsilon: number;
}

export const WEIGHT_PRUNING_DEFAULTS = {
  scope: 'GLOBAL',
  criterion: 'MAGNITUDE',
  schedule: 'ONE_SHOT',
  polynomialSteps: 5,
  fineTuneEpochs: 5,
  includeBiases: false,
  includeOutputLayer: false,
  scoringRows: 2048,
  epsilon: 1e-3,
} as const;

const FIELDS = ['sparsity', 'scope', 'criterion', 'schedule', 'steps', 'fineTuneEpochs', 'includeBiases', 'includeOutputLayer', 'scoringRows', 'epsilon'] as const;

/** A tensor that weight pruning may zero: the kernel or the bias of one layer. */
export interface PrunableTensor {
  layer: number;
  kind: 'kernel' | 'bias';
  size: number;
}

/** Checks a WEIGHT_PRUNING config against the source model and fills in defaults. */
export function validateWeightPruningConfig(config: unknown, context: ValidationContext): WeightPruningConfig {
  const raw = readObject('WEIGHT_PRUNING', config, FIELDS);
  const sparsity = readNumber(raw, 'sparsity');
  if (!(sparsity >= 0 && sparsity < 1)) {
    throw new CompressionConfigError(`sparsity ${sparsity} is invalid; pass a target share of zero weights in [0, 1), such as 0.9`);
  }

  const schedule = readChoice(raw, 'schedule', ['ONE_SHOT', 'POLYNOMIAL'] as const, WEIGHT_PRUNING_DEFAULTS.schedule);
  // ONE_SHOT prunes once, so a steps value sent along with it has no effect.
  const steps = schedule === 'ONE_SHOT' ? 1 : readInteger(raw, 'steps', 1, WEIGHT_PRUNING_DEFAULTS.polynomialSteps);
  if (schedule === 'ONE_SHOT' && !isMissing(raw, 'steps')) readInteger(raw, 'steps', 1);

  const result: WeightPruningConfig = {
    sparsity,
    scope: readChoice(raw, 'scope', ['LAYER', 'GLOBAL'] as const, WEIGHT_PRUNING_DEFAULTS.scope),
    criterion: readChoice(raw, 'criterion', ['MAGNITUDE', 'TAYLOR', 'RELATIVE_SENSITIVITY'] as const, WEIGHT_PRUNING_DEFAULTS.criterion),
    schedule,
    steps,
    fineTuneEpochs: readInteger(raw, 'fineTuneEpochs', 0, WEIGHT_PRUNING_DEFAULTS.fineTuneEpochs),
    includeBiases: readBoolean(raw, 'includeBiases', WEIGHT_PRUNING_DEFAULTS.includeBiases),
    includeOutputLayer: readBoolean(raw, 'includeOutputLayer', WEIGHT_PRUNING_DEFAULTS.includeOutputLayer),
    scoringRows: readInteger(raw, 'scoringRows', 1, WEIGHT_PRUNING_DEFAULTS.scoringRows),
    epsilon: readNumber(raw, 'epsilon', WEIGHT_PRUNING_DEFAULTS.epsilon),
  };
  if (result.epsilon < 0) throw new CompressionConfigError(`epsilon ${result.epsilon} is invalid; pass 0 or a small positive number such as 0.001`);

  checkPrunableTensors(result, context);
  return result;
}

/** Lists the tensors the config prunes, given the layer sizes. */
export function prunableTensors(config: Pick<WeightPruningConfig, 'includeBiases' | 'includeOutputLayer'>, layerSizes: number[]): PrunableTensor[] {
  const layerCount = layerSizes.length - 1;
  const tensors: PrunableTensor[] = [];
  for (let layer = 0; layer < layerCount; layer++) {
    if (layer === layerCount - 1 && !config.includeOutputLayer) continue;
    tensors.push({ layer, kind: 'kernel', size: layerSizes[layer] * layerSizes[layer + 1] });
    if (config.includeBiases) tensors.push({ layer, kind: 'bias', size: layerSizes[layer + 1] });
  }
  return tensors;
}

/** Rejects configs that prune nothing or zero a whole kernel under LAYER scope. */
function checkPrunableTensors(config: WeightPruningConfig, context: ValidationContext): void {
  const sizes = [context.inputSize, ...context.hiddenLayerSizes, context.outputSize];
  const tensors = prunableTensors(config, sizes);
  if (tensors.length === 0) {
    throw new CompressionConfigError('the model has no hidden layers, so with includeOutputLayer false no weight is prunable; set includeOutputLayer to true');
  }
  if (config.scope !== 'LAYER') return;

  for (const tensor of tensors) {
    if (tensor.kind === 'kernel' && tensor.size > 0 && prunedCount(config.sparsity, tensor.size) === tensor.size) {
      throw new CompressionConfigError(
        `sparsity ${config.sparsity} would prune all ${tensor.size} weights of layer ${tensor.layer} under LAYER scope; lower sparsity or use GLOBAL scope`,
      );
    }
  }
}
