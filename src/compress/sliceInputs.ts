import type { DenseNetwork } from '../ml/network.js';
import { keepRows } from './removeUnits.js';

/**
 * Returns a copy of the network that takes only the given inputs, in the
 * given order: the first layer keeps the matching kernel rows and the
 * standardization keeps the matching means and scales. The result computes
 * what the original computes with the dropped inputs held at their mean.
 */
export function sliceInputs(network: DenseNetwork, columns: number[]): DenseNetwork {
  for (const column of columns) {
    if (!Number.isInteger(column) || column < 0 || column >= network.inputSize) {
      throw new RangeError(`input ${column} does not exist in a network of ${network.inputSize} inputs; pass indices from 0 to ${network.inputSize - 1}`);
    }
  }
  if (columns.length === 0) throw new RangeError('no input is kept; keep at least one input');

  const [first, ...rest] = network.layers;
  return {
    ...network,
    inputSize: columns.length,
    inputMean: Float32Array.from(columns, (column) => network.inputMean[column]),
    inputScale: Float32Array.from(columns, (column) => network.inputScale[column]),
    layers: [keepRows(first, columns), ...rest.map((layer) => ({ ...layer, kernel: layer.kernel.slice(), bias: layer.bias.slice() }))],
  };
}
