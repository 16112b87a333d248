export type PruningScope = 'LAYER' | 'GLOBAL';

/**
 * Rounds half to even, as Python's round() does: torch.nn.utils.prune turns
 * a float amount into a count with round(amount · n), so 2.5 gives 2 and 3.5 gives 4.
 */
export function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Returns how many of `size` values a sparsity prunes: round(sparsity · size), rounding half to even. */
export function prunedCount(sparsity: number, size: number): number {
  return roundHalfToEven(sparsity * size);
}

/**
 * Computes keep-masks (1 keep, 0 pruned) that prune the lowest scores, with
 * the semantics of torch.nn.utils.prune (PyTorch 1.13) for a float amount.
 * GLOBAL ranks the scores of all tensors together and prunes the
 * round(sparsity · total) lowest, as global_unstructured does. LAYER prunes
 * the round(sparsity · size) lowest of each tensor, as l1_unstructured does.
 *
 * Ties are broken deterministically: among equal scores the lowest index
 * is pruned first, where GLOBAL indexes the tensors concatenated in order
 * (torch.topk leaves the order of ties unspecified).
 *
 * Entries already pruned in `previous` rank below every score, so they stay
 * pruned when the sparsity does not decrease. Here the sparsity is absolute:
 * torch applies a float amount on an already-pruned tensor to the weights
 * that remain.
 */
export function computeMasks(scores: ArrayLike<number>[], sparsity: number, scope: PruningScope, previous?: Array<Uint8Array | null>): Uint8Array[] {
  if (!(sparsity >= 0 && sparsity <= 1)) throw new RangeError(`sparsity ${sparsity} is invalid; use a value in [0, 1]`);
  const ranked = scores.map((tensor, t) => rankingScores(tensor, previous?.[t] ?? null, t));

  if (scope === 'LAYER') return ranked.map((tensor) => maskLowest([tensor], prunedCount(sparsity, tensor.length))[0]);

  const total = ranked.reduce((sum, tensor) => sum + tensor.length, 0);
  return maskLowest(ranked, prunedCount(sparsity, total));
}

/** Returns the share of zero entries over all masks (0 when the masks are empty). */
export function maskSparsity(masks: ArrayLike<number>[]): number {
  let zeros = 0;
  let total = 0;
  for (const mask of masks) {
    for (let i = 0; i < mask.length; i++) if (mask[i] === 0) zeros++;
    total += mask.length;
  }
  return total === 0 ? 0 : zeros / total;
}

/** Returns the keep-mask of a tensor's non-zero values, so that existing zeros count as pruned. */
export function nonZeroMask(values: ArrayLike<number>): Uint8Array {
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) mask[i] = values[i] === 0 ? 0 : 1;
  return mask;
}

/** Copies scores, checking them, with previously pruned entries set to −∞. */
function rankingScores(tensor: ArrayLike<number>, previous: Uint8Array | null, tensorIndex: number): Float64Array {
  if (previous && previous.length !== tensor.length) {
    throw new RangeError(`previous mask ${tensorIndex} has ${previous.length} entries for ${tensor.length} scores; pass one entry per score`);
  }

  const copy = new Float64Array(tensor.length);
  for (let i = 0; i < tensor.length; i++) {
    if (Number.isNaN(tensor[i])) throw new RangeError(`score ${i} of tensor ${tensorIndex} is NaN; scores must be numbers`);
    copy[i] = previous && previous[i] === 0 ? -Infinity : tensor[i];
  }
  return copy;
}

/** Zeroes the `count` lowest entries across the tensors, lowest concatenated index first among ties. */
function maskLowest(tensors: Float64Array[], count: number): Uint8Array[] {
  const masks = tensors.map((tensor) => new Uint8Array(tensor.length).fill(1));
  if (count === 0) return masks;

  const owners: Array<[number, number]> = [];
  const values: number[] = [];
  tensors.forEach((tensor, t) => {
    for (let i = 0; i < tensor.length; i++) {
      owners.push([t, i]);
      values.push(tensor[i]);
    }
  });

  const order = values.map((_, position) => position);
  order.sort((a, b) => {
    if (values[a] === values[b]) return a - b;
    return values[a] < values[b] ? -1 : 1;
  });
  for (let k = 0; k < count; k++) {
    const [t, i] = owners[order[k]];
    masks[t][i] = 0;
  }
  return masks;
}
