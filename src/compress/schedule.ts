/**
 * Returns the sparsity of step t of the cubic schedule of Zhu and Gupta
 * (2017, "To prune, or not to prune"): s_t = s_f + (s_i − s_f)·(1 − t/n)³
 * for t = 0..n, so s_0 = s_i and s_n = s_f, with most pruning done early.
 */
export function polynomialSparsity(step: number, steps: number, finalSparsity: number, initialSparsity = 0): number {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps ${steps} is invalid; use a positive integer`);
  if (!Number.isInteger(step) || step < 0 || step > steps) throw new RangeError(`step ${step} is invalid; use an integer from 0 to ${steps}`);

  if (step === steps) return finalSparsity;
  return finalSparsity + (initialSparsity - finalSparsity) * (1 - step / steps) ** 3;
}

/** Returns the sparsities of steps 1..n of the cubic schedule; the last equals `finalSparsity` exactly. */
export function polynomialSchedule(steps: number, finalSparsity: number, initialSparsity = 0): number[] {
  return Array.from({ length: steps }, (_, index) => polynomialSparsity(index + 1, steps, finalSparsity, initialSparsity));
}
