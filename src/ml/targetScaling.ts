import type { DenseNetwork, OutputKind } from './network.js';

/**
 * The affine map between regression targets and the standardized values the
 * network is trained on: trained = (target − shift) / scale. Training on
 * standardized targets makes the learning rate work for targets of any size.
 */
export interface TargetScaling {
  shift: number;
  scale: number;
}

export const IDENTITY_SCALING: TargetScaling = { shift: 0, scale: 1 };

/**
 * Fits the scaling on the training targets: mean and population standard
 * deviation for regression (scale 1 when the target is constant), identity
 * for classification. `centre` false keeps the shift at 0, which a masked
 * output bias needs so that it stays exactly zero.
 */
export function fitTargetScaling(target: Float32Array, task: OutputKind, centre: boolean): TargetScaling {
  if (task !== 'REGRESSION' || target.length === 0) return IDENTITY_SCALING;

  let sum = 0;
  for (const value of target) sum += value;
  const mean = sum / target.length;
  let squares = 0;
  for (const value of target) squares += (value - mean) ** 2;
  const deviation = Math.sqrt(squares / target.length);

  return { shift: centre ? mean : 0, scale: deviation > 0 ? deviation : 1 };
}

/** Returns the targets the network is trained on, (target − shift) / scale. */
export function scaleTargets(target: Float32Array, scaling: TargetScaling): Float32Array {
  if (isIdentity(scaling)) return target;
  return Float32Array.from(target, (value) => (value - scaling.shift) / scaling.scale);
}

/** Returns a network whose output is in target units: kernel·scale and bias·scale + shift in the output layer. */
export function foldTargetScaling(network: DenseNetwork, scaling: TargetScaling): DenseNetwork {
  return mapOutputLayer(network, scaling, (value) => value * scaling.scale, (value) => value * scaling.scale + scaling.shift);
}

/** Inverts foldTargetScaling, so that a network trained in target units can be fine-tuned on standardized targets. */
export function unfoldTargetScaling(network: DenseNetwork, scaling: TargetScaling): DenseNetwork {
  return mapOutputLayer(network, scaling, (value) => value / scaling.scale, (value) => (value - scaling.shift) / scaling.scale);
}

function mapOutputLayer(network: DenseNetwork, scaling: TargetScaling, mapKernel: (value: number) => number, mapBias: (value: number) => number): DenseNetwork {
  if (isIdentity(scaling)) return network;

  const last = network.layers.length - 1;
  const layers = network.layers.map((layer, index) => {
    if (index !== last) return layer;
    return { ...layer, kernel: Float32Array.from(layer.kernel, mapKernel), bias: Float32Array.from(layer.bias, mapBias) };
  });
  return { ...network, layers };
}

function isIdentity(scaling: TargetScaling): boolean {
  return scaling.shift === 0 && scaling.scale === 1;
}
