import { ExplainValidationError } from './errors.js';
import type { ImportanceOptions, ResolvedOptions } from './types.js';

/**
 * Shared defaults. Per-sample methods explain 200 rows. PERMUTATION repeats 5
 * shuffles (scikit-learn's `n_repeats`). INTEGRATED_GRADIENTS takes 50
 * Gauss-Legendre steps from the training mean (Captum's defaults). KERNEL_SHAP
 * uses 100 background rows and 2·M + 2048 coalitions (shap's automatic
 * `nsamples`). LIME draws 5000 samples with kernel width 0.75·sqrt(M) and
 * ridge alpha 1 (lime's tabular explainer and scikit-learn's Ridge).
 */
export const DEFAULT_OPTIONS: ResolvedOptions = {
  samples: 200,
  repeats: 5,
  steps: 50,
  integration: 'gausslegendre',
  backgroundSize: 100,
  shapSamples: null,
  limeSamples: 5000,
  kernelWidth: null,
  ridgeAlpha: 1,
  epsilon: 1e-3,
  targetClass: null,
  baseline: 'mean',
  batchSize: 8192,
};

/** Merges `options` over the method's defaults and the shared ones, and validates the result. */
export function resolveOptions(options: ImportanceOptions | undefined, methodDefaults: Partial<ImportanceOptions> = {}): ResolvedOptions {
  const merged: ResolvedOptions = { ...DEFAULT_OPTIONS, ...methodDefaults };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (!(key in DEFAULT_OPTIONS)) {
      throw new ExplainValidationError(`option ${key} is unknown; use one of ${Object.keys(DEFAULT_OPTIONS).join(', ')}`);
    }
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  validateOptions(merged);
  return merged;
}

function validateOptions(options: ResolvedOptions): void {
  if (options.samples !== null) requireInteger('samples', options.samples, 1);
  requireInteger('repeats', options.repeats, 1);
  requireInteger('steps', options.steps, 2);
  requireInteger('backgroundSize', options.backgroundSize, 1);
  if (options.shapSamples !== null) requireInteger('shapSamples', options.shapSamples, 2);
  requireInteger('limeSamples', options.limeSamples, 2);
  requireInteger('batchSize', options.batchSize, 1);
  if (options.kernelWidth !== null) requirePositive('kernelWidth', options.kernelWidth);
  requireNonNegative('ridgeAlpha', options.ridgeAlpha);
  requireNonNegative('epsilon', options.epsilon);

  if (options.integration !== 'gausslegendre' && options.integration !== 'riemann_trapezoid') {
    throw new ExplainValidationError(`integration ${String(options.integration)} is invalid; use gausslegendre or riemann_trapezoid`);
  }
  const baseline = options.baseline;
  if (baseline !== 'mean' && baseline !== 'zero' && !Array.isArray(baseline)) {
    throw new ExplainValidationError(`baseline ${String(baseline)} is invalid; use 'mean', 'zero' or one raw encoded row as a number array`);
  }
  if (options.targetClass !== null) requireInteger('targetClass', options.targetClass, 0);
}

function requireInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new ExplainValidationError(`option ${name} = ${value} is invalid; use an integer of at least ${minimum}`);
  }
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new ExplainValidationError(`option ${name} = ${value} is invalid; use a finite number above 0`);
}

function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new ExplainValidationError(`option ${name} = ${value} is invalid; use a finite number of at least 0`);
}
