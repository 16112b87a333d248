import type { FeatureGroup } from '../explain/types.js';
import type { DenseNetwork } from '../ml/network.js';
import { resolveFeatures } from './featureGroups.js';
import type { ValidationContext } from './types.js';

/** Builds the context `validateConfig` checks a config against, from the source model alone. */
export function validationContext(network: DenseNetwork, featureNames: string[], featureGroups: FeatureGroup[] = []): ValidationContext {
  const layers = network.layers;
  return {
    inputSize: network.inputSize,
    featureCount: resolveFeatures(featureNames, featureGroups).length,
    hiddenLayerSizes: layers.slice(0, -1).map((layer) => layer.units),
    outputSize: layers[layers.length - 1].units,
  };
}
