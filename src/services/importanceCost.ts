import type { ImportanceMethodName } from '../explain/types.js';

/**
 * Largest estimated work, in multiply-adds of forward and backward passes,
 * that a request may spend computing a missing importance before it returns.
 * NOTE: an estimate sized for about a second on the wasm backend, not a measurement.
 */
export const MAX_REQUEST_IMPORTANCE_WORK = 1e9;

/** The shapes that set the cost of one importance computation. */
export interface ImportanceCostInput {
  method: ImportanceMethodName;
  rows: number;
  backgroundRows: number;
  /** Players of the explanation: features, with a one-hot column counted once. */
  players: number;
  parameters: number;
}

// Defaults of src/explain/options.ts: rows explained by per-sample methods,
// PERMUTATION repeats, INTEGRATED_GRADIENTS steps, KERNEL_SHAP background and LIME samples.
const EXPLAINED_ROWS = 200;
const PERMUTATION_REPEATS = 5;
const INTEGRATION_STEPS = 50;
const SHAP_BACKGROUND_ROWS = 100;
const LIME_SAMPLES = 5000;
/** A backward pass costs about twice a forward pass. */
const GRADIENT_FACTOR = 3;

/** Returns the forward-pass rows one computation evaluates, with each method's default options. */
function evaluatedRows(input: ImportanceCostInput): number {
  const explained = Math.min(EXPLAINED_ROWS, input.rows);
  switch (input.method) {
    case 'PERMUTATION':
      return input.rows * (input.players * PERMUTATION_REPEATS + 1);
    case 'SALIENCY':
    case 'GRADIENT_X_INPUT':
    case 'RELATIVE_SENSITIVITY':
      return explained * GRADIENT_FACTOR;
    case 'INTEGRATED_GRADIENTS':
      return explained * INTEGRATION_STEPS * GRADIENT_FACTOR;
    case 'KERNEL_SHAP':
      return explained * (2 * input.players + 2048) * Math.min(SHAP_BACKGROUND_ROWS, input.backgroundRows);
    case 'LIME':
      return explained * LIME_SAMPLES;
    default:
      return input.rows * GRADIENT_FACTOR;
  }
}

/** Estimates the multiply-adds of one importance computation with default options. */
export function estimateImportanceWork(input: ImportanceCostInput): number {
  return evaluatedRows(input) * Math.max(1, input.parameters);
}
