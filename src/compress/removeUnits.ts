import { cloneNetwork, type DenseLayer, type DenseNetwork } from '../ml/network.js';

/**
 * Returns a copy of the network without the given units of hidden layer
 * `layerIndex`: their kernel columns and biases go, and so do the matching
 * rows of the next layer's kernel. The result computes what the original
 * computes with those units' outgoing weights set to zero.
 * Throws on an output layer, an index out of range, a repeated index, or
 * a removal that would leave the layer without units.
 */
export function removeUnits(network: DenseNetwork, layerIndex: number, unitIndices: ArrayLike<number>): DenseNetwork {
  const last = network.layers.length - 1;
  if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex >= last) {
    throw new RangeError(`layer ${layerIndex} is not a hidden layer; pass an index from 0 to ${last - 1}`);
  }

  const layer = network.layers[layerIndex];
  const removed = checkedUnits(layer, layerIndex, unitIndices);
  const keep: number[] = [];
  for (let unit = 0; unit < layer.units; unit++) if (!removed.has(unit)) keep.push(unit);

  const copy = cloneNetwork(network);
  copy.layers[layerIndex] = keepColumns(layer, keep);
  copy.layers[layerIndex + 1] = keepRows(network.layers[layerIndex + 1], keep);
  return copy;
}

function checkedUnits(layer: DenseLayer, layerIndex: number, unitIndices: ArrayLike<number>): Set<number> {
  const removed = new Set<number>();
  for (let i = 0; i < unitIndices.length; i++) {
    const unit = unitIndices[i];
    if (!Number.isInteger(unit) || unit < 0 || unit >= layer.units) {
      throw new RangeError(`unit ${unit} does not exist in layer ${layerIndex} of ${layer.units} units; pass indices from 0 to ${layer.units - 1}`);
    }
    if (removed.has(unit)) throw new RangeError(`unit ${unit} of layer ${layerIndex} is listed twice; pass each unit once`);
    removed.add(unit);
  }

  if (removed.size >= layer.units) {
    throw new RangeError(`removing ${removed.size} of ${layer.units} units would empty layer ${layerIndex}; keep at least one unit`);
  }
  return removed;
}

/** Returns the layer with only the kept output units (kernel columns and biases). */
export function keepColumns(layer: DenseLayer, keep: number[]): DenseLayer {
  const kernel = new Float32Array(layer.inputSize * keep.length);
  for (let row = 0; row < layer.inputSize; row++) {
    keep.forEach((unit, column) => {
      kernel[row * keep.length + column] = layer.kernel[row * layer.units + unit];
    });
  }
  return { ...layer, units: keep.length, kernel, bias: Float32Array.from(keep, (unit) => layer.bias[unit]) };
}

/** Returns the layer with only the kept inputs (kernel rows). */
export function keepRows(layer: DenseLayer, keep: number[]): DenseLayer {
  const kernel = new Float32Array(keep.length * layer.units);
  keep.forEach((input, row) => {
    kernel.set(layer.kernel.subarray(input * layer.units, (input + 1) * layer.units), row * layer.units);
  });
  return { ...layer, inputSize: keep.length, kernel, bias: layer.bias.slice() };
}
