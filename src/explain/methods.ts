import { ExplainValidationError } from './errors.js';
import { gradientXInput } from './gradientXInput.js';
import { integratedGradients } from './integratedGradients.js';
import { kernelShap } from './kernelShap.js';
import { lime } from './lime.js';
import { meanActivation } from './meanActivation.js';
import { requireHiddenLayers } from './neurons.js';
import { resolveOptions } from './options.js';
import { permutationImportance } from './permutation.js';
import { rankScores } from './ranking.js';
import { relativeSensitivity } from './relativeSensitivity.js';
import { saliency } from './saliency.js';
import { taylor } from './taylor.js';
import type { ExplainInput, ImportanceMethod, ImportanceMethodName, ImportanceResult, RankedScoreValue } from './types.js';
import { validateExplainInput } from './validate.js';
import { weightL1 } from './weightL1.js';

/** Every importance method by name; a new method is one file and one line here. */
export const importanceMethods: Record<ImportanceMethodName, ImportanceMethod> = {
  PERMUTATION: permutationImportance,
  SALIENCY: saliency,
  GRADIENT_X_INPUT: gradientXInput,
  RELATIVE_SENSITIVITY: relativeSensitivity,
  INTEGRATED_GRADIENTS: integratedGradients,
  KERNEL_SHAP: kernelShap,
  LIME: lime,
  WEIGHT_L1: weightL1,
  MEAN_ACTIVATION: meanActivation,
  TAYLOR: taylor,
};

/** Returns the method of that name, or throws ExplainValidationError listing the names. */
export function importanceMethod(name: string): ImportanceMethod {
  if (!Object.hasOwn(importanceMethods, name)) {
    throw new ExplainValidationError(`importance method ${name} is unknown; use one of ${Object.keys(importanceMethods).join(', ')}`);
  }
  return importanceMethods[name as ImportanceMethodName];
}

/**
 * Validates the input and options up front, runs the method and ranks its
 * scores (see rankScores). Throws ExplainValidationError for invalid input.
 */
export async function computeImportance(name: ImportanceMethodName, input: ExplainInput): Promise<ImportanceResult<RankedScoreValue>> {
  const method = importanceMethod(name);
  const options = resolveOptions(input.options, method.defaults);
  validateExplainInput(input, options);
  if (method.targetKind === 'NEURON') requireHiddenLayers(input.network);

  const result = await method.compute(input);
  assertFinite(result);
  return { ...result, scores: rankScores(result.scores) };
}

/** Guards the promise that no score is NaN or infinite; a violation is a bug in a method, not bad input. */
function assertFinite(result: ImportanceResult): void {
  for (const score of result.scores) {
    const values = [score.value, score.std ?? 0, score.signedValue ?? 0];
    if (!values.every(Number.isFinite)) {
      throw new Error(`${result.method} produced a non-finite score for ${score.name} (value ${score.value}, std ${score.std}); the input passed validation`);
    }
  }
}
