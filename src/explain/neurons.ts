import * as tf from '@tensorflow/tfjs';
import { forwardWithActivations } from '../ml/forward.js';
import type { Matrix } from '../ml/matrix.js';
import type { DenseNetwork } from '../ml/network.js';
import { ExplainValidationError } from './errors.js';
import type { ImportanceScoreValue } from './types.js';

/** Returns the number of hidden layers: every layer but the output layer. */
export function hiddenLayerCount(network: DenseNetwork): number {
  return network.layers.length - 1;
}

/** Throws ExplainValidationError for a network without hidden layers, which has no neurons to score. */
export function requireHiddenLayers(network: DenseNetwork): void {
  if (hiddenLayerCount(network) === 0) {
    throw new ExplainValidationError(`a ${network.architecture} network has no hidden layers, so neuron importance is undefined; use a feature method or an MLP`);
  }
}

/** Returns the name of a hidden unit, `layer{l}/unit{u}` with both indices from 0. */
export function neuronName(layer: number, unit: number): string {
  return `layer${layer}/unit${unit}`;
}

export function neuronScore(layer: number, unit: number, value: number, std: number | null, signedValue: number | null): ImportanceScoreValue {
  return { targetKind: 'NEURON', layer, index: unit, name: neuronName(layer, unit), value, std, signedValue, isGroup: false };
}

/** Running per-unit sums of a per-row quantity, for its mean |v|, population std of |v| and signed mean. */
export class UnitStatistics {
  private readonly absoluteSum: Float64Array;
  private readonly squareSum: Float64Array;
  private readonly signedSum: Float64Array;
  private rows = 0;

  constructor(readonly units: number) {
    this.absoluteSum = new Float64Array(units);
    this.squareSum = new Float64Array(units);
    this.signedSum = new Float64Array(units);
  }

  /** Adds rows of a row-major [rows × units] block. */
  add(values: Float32Array): void {
    const rows = values.length / this.units;
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < this.units; u++) {
        const value = values[r * this.units + u];
        this.absoluteSum[u] += Math.abs(value);
        this.squareSum[u] += value * value;
        this.signedSum[u] += value;
      }
    }
    this.rows += rows;
  }

  scores(layer: number): ImportanceScoreValue[] {
    return Array.from({ length: this.units }, (_, u) => {
      if (this.rows === 0) return neuronScore(layer, u, 0, 0, 0);
      const mean = this.absoluteSum[u] / this.rows;
      const variance = Math.max(0, this.squareSum[u] / this.rows - mean * mean);
      return neuronScore(layer, u, mean, Math.sqrt(variance), this.signedSum[u] / this.rows);
    });
  }
}

/** Runs the network on `x` in batches and passes each batch's hidden activations, one [rows × units] array per layer, to `visit`. */
export function forEachActivationBatch(network: DenseNetwork, x: Matrix, batchSize: number, visit: (activations: Float32Array[]) => void): void {
  for (let start = 0; start < x.rows; start += batchSize) {
    const end = Math.min(x.rows, start + batchSize);
    const hidden = tf.tidy(() => {
      const rows = tf.tensor2d(x.values.subarray(start * x.cols, end * x.cols), [end - start, x.cols]);
      return forwardWithActivations(network, rows).hidden;
    });
    visit(hidden.map((tensor) => tensor.dataSync() as Float32Array));
    hidden.forEach((tensor) => tensor.dispose());
  }
}
