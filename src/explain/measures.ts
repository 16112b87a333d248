import type { DenseNetwork } from '../ml/network.js';
import { nonZeroParameterCount } from '../ml/network.js';

/** Interpretability measures of one model under one importance vector. */
export interface InterpretabilityMeasures {
  activeFeatures: number;
  effectiveFeatures: number;
  giniSparseness: number;
  nonZeroParameters: number;
}

/**
 * Returns the indices of inputs with a path of non-zero weights to some output
 * unit. Computed backwards from the weights only: a unit is live when a
 * non-zero kernel entry links it to a live unit of the next layer, and every
 * output unit is live. Activations are not consulted, so a ReLU unit that never
 * fires still counts as a path.
 */
export function activeFeatures(network: DenseNetwork): number[] {
  let live = new Array<boolean>(network.layers[network.layers.length - 1].units).fill(true);

  for (let l = network.layers.length - 1; l >= 0; l--) {
    const layer = network.layers[l];
    const inputLive = new Array<boolean>(layer.inputSize).fill(false);
    for (let i = 0; i < layer.inputSize; i++) {
      for (let u = 0; u < layer.units && !inputLive[i]; u++) {
        if (live[u] && layer.kernel[i * layer.units + u] !== 0) inputLive[i] = true;
      }
    }
    live = inputLive;
  }
  return live.flatMap((isLive, i) => (isLive ? [i] : []));
}

/** Returns the number of inputs with a non-zero path to the output. */
export function activeFeatureCount(network: DenseNetwork): number {
  return activeFeatures(network).length;
}

/**
 * Returns the effective number of features exp(H(p)), H the Shannon entropy in
 * nats of p = |v| / Σ|v|: n for a uniform vector, 1 when one feature carries
 * everything, and 0 for an all-zero or empty vector.
 */
export function effectiveFeatureCount(values: ArrayLike<number>): number {
  const magnitudes = Array.from(values, Math.abs);
  const total = magnitudes.reduce((sum, value) => sum + value, 0);
  if (total === 0) return 0;

  let entropy = 0;
  for (const magnitude of magnitudes) {
    if (magnitude === 0) continue;
    const p = magnitude / total;
    entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}

/**
 * Returns the Gini index of |v| (Chalasani et al. 2020; the Sparseness metric
 * of Quantus): Σ_i (2i − n − 1)·a_(i) / (n·Σa) with a sorted ascending and i
 * from 1. It is 0 for a uniform vector, (n − 1)/n when one feature carries
 * everything, and 0 for an all-zero or empty vector. Quantus adds 1e-7 to every
 * value to avoid dividing by zero; this handles the zero case explicitly instead.
 */
export function giniSparseness(values: ArrayLike<number>): number {
  const sorted = Array.from(values, Math.abs).sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  if (n === 0 || total === 0) return 0;

  let weighted = 0;
  sorted.forEach((value, i) => (weighted += (2 * (i + 1) - n - 1) * value));
  return weighted / (n * total);
}

/** Returns every interpretability measure of a network and its per-feature importance values. */
export function interpretabilityMeasures(network: DenseNetwork, featureValues: ArrayLike<number>): InterpretabilityMeasures {
  return {
    activeFeatures: activeFeatureCount(network),
    effectiveFeatures: effectiveFeatureCount(featureValues),
    giniSparseness: giniSparseness(featureValues),
    nonZeroParameters: nonZeroParameterCount(network),
  };
}
