import { CompressionCancelledError } from './errors.js';
import type { CompressionInput, CompressionPhase } from './types.js';

/** Throws CompressionCancelledError when the caller asked to stop. */
export function throwIfCancelled(input: Pick<CompressionInput, 'isCancelled'>, phase: CompressionPhase): void {
  if (input.isCancelled?.()) throw new CompressionCancelledError(phase);
}

/** Reports progress with the fraction clamped to [0, 1]. */
export async function reportProgress(input: Pick<CompressionInput, 'onProgress'>, phase: CompressionPhase, fraction: number): Promise<void> {
  await input.onProgress?.(phase, Math.min(1, Math.max(0, fraction)));
}
