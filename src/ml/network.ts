/**
 * The service's model representation: a stack of dense layers over
 * standardized inputs. Every compute folder works on this plain structure,
 * and tfjs models are built from it and read back into it.
 */

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'elu' | 'selu';

export type Architecture = 'LINEAR' | 'LOGISTIC' | 'MLP';

export type OutputKind = 'REGRESSION' | 'BINARY' | 'MULTICLASS';

/** A dense layer: output = activation(input · kernel + bias). */
export interface DenseLayer {
  inputSize: number;
  units: number;
  activation: Activation;
  /** Row-major [inputSize × units]: kernel[i * units + j] connects input i to unit j. */
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * A feed-forward network over `inputSize` encoded features. Inputs are
 * standardized as (x − inputMean) / inputScale before the first layer, with
 * the training split's statistics, which therefore belong to the network.
 */
export interface DenseNetwork {
  architecture: Architecture;
  outputKind: OutputKind;
  inputSize: number;
  inputMean: Float32Array;
  inputScale: Float32Array;
  layers: DenseLayer[];
}

/** Returns the number of weights and biases of the network. */
export function parameterCount(network: DenseNetwork): number {
  let count = 0;
  for (const layer of network.layers) count += layer.kernel.length + layer.bias.length;
  return count;
}

/** Returns the number of weights and biases that are not exactly zero. */
export function nonZeroParameterCount(network: DenseNetwork): number {
  let count = 0;
  for (const layer of network.layers) {
    for (const value of layer.kernel) if (value !== 0) count++;
    for (const value of layer.bias) if (value !== 0) count++;
  }
  return count;
}

/** Returns the number of output units (1 for regression and binary models). */
export function outputSize(network: DenseNetwork): number {
  return network.layers[network.layers.length - 1].units;
}

/** Returns a deep copy, so that compression never mutates its source. */
export function cloneNetwork(network: DenseNetwork): DenseNetwork {
  return {
    ...network,
    inputMean: network.inputMean.slice(),
    inputScale: network.inputScale.slice(),
    layers: network.layers.map((layer) => ({
      ...layer,
      kernel: layer.kernel.slice(),
      bias: layer.bias.slice(),
    })),
  };
}

/** Throws when shapes of the network are inconsistent; names the layer and both sizes. */
export function assertNetworkShape(network: DenseNetwork): void {
  if (network.layers.length === 0) throw new Error('network has no layers');
  if (network.inputMean.length !== network.inputSize || network.inputScale.length !== network.inputSize) {
    throw new Error(`standardization has ${network.inputMean.length} means for ${network.inputSize} inputs`);
  }
  let size = network.inputSize;
  network.layers.forEach((layer, index) => {
    if (layer.inputSize !== size) throw new Error(`layer ${index} expects ${layer.inputSize} inputs, previous output is ${size}`);
    if (layer.kernel.length !== layer.inputSize * layer.units) throw new Error(`layer ${index} kernel has ${layer.kernel.length} values, expected ${layer.inputSize * layer.units}`);
    if (layer.bias.length !== layer.units) throw new Error(`layer ${index} bias has ${layer.bias.length} values, expected ${layer.units}`);
    size = layer.units;
  });
}
