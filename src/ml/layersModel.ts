import * as tf from '@tensorflow/tfjs';
import { assertNetworkShape, type DenseLayer, type DenseNetwork } from './network.js';
import { parseDenseChain, type DenseLayerSpec } from './layersTopology.js';
import { ImportError } from './importError.js';

export { ImportError } from './importError.js';

/** Free-form JSON stored as the model's userDefinedMetadata: feature names, class labels, encoding and the like. */
export type LayersModelMetadata = Record<string, unknown>;

/** The model.json of the tfjs layers format. */
export interface LayersModelJson {
  modelTopology: Record<string, unknown>;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  userDefinedMetadata?: LayersModelMetadata;
}

/** A model.json object and the bytes of its single weights.bin file. */
export interface LayersModelExport {
  modelJson: LayersModelJson;
  weightData: ArrayBuffer;
}

export interface ImportOptions {
  /** The number of encoded features the caller will feed; a different model input size raises ImportError. */
  expectedInputSize?: number;
}

const WEIGHTS_PATH = 'weights.bin';

/**
 * Exports a network in the tfjs layers format: a Sequential model of Dense
 * layers over raw encoded features, since the input standardization is
 * folded into the first layer. `tf.loadLayersModel(tf.io.fromMemory(...))`
 * loads it in plain tfjs.
 */
export function exportLayersModel(network: DenseNetwork, metadata: LayersModelMetadata = {}): LayersModelExport {
  assertNetworkShape(network);
  const folded = foldStandardization(network);
  const names = folded.layers.map((_, index) => `dense_${index + 1}`);

  const layers = folded.layers.map((layer, index) => denseLayerConfig(layer, names[index], index === 0 ? folded.inputSize : null));
  const weights: tf.io.WeightsManifestEntry[] = folded.layers.flatMap((layer, index) => [
    { name: `${names[index]}/kernel`, shape: [layer.inputSize, layer.units], dtype: 'float32' as const },
    { name: `${names[index]}/bias`, shape: [layer.units], dtype: 'float32' as const },
  ]);

  const modelJson: LayersModelJson = {
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'sequential', layers },
      keras_version: `tfjs-layers ${tf.version_layers}`,
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [WEIGHTS_PATH], weights }],
    format: 'layers-model',
    generatedBy: 'compression-explainability-service',
    convertedBy: null,
    userDefinedMetadata: copyMetadata(metadata),
  };
  return { modelJson, weightData: concatenateWeights(folded) };
}

/**
 * Returns an equivalent network over raw inputs (mean 0, scale 1) by folding
 * the standardization into the first layer: W'ᵢⱼ = Wᵢⱼ / scaleᵢ and
 * b'ⱼ = bⱼ − Σᵢ (meanᵢ / scaleᵢ)·Wᵢⱼ, computed in float64. Pruned weights stay zero.
 */
export function foldStandardization(network: DenseNetwork): DenseNetwork {
  const [first, ...rest] = network.layers;
  const kernel = new Float32Array(first.kernel.length);
  const bias = Float64Array.from(first.bias);
  for (let i = 0; i < first.inputSize; i++) {
    const scale = network.inputScale[i];
    const offset = network.inputMean[i] / scale;
    for (let j = 0; j < first.units; j++) {
      const weight = first.kernel[i * first.units + j];
      kernel[i * first.units + j] = weight / scale;
      bias[j] -= offset * weight;
    }
  }

  return {
    ...network,
    inputMean: new Float32Array(network.inputSize),
    inputScale: new Float32Array(network.inputSize).fill(1),
    layers: [{ ...first, kernel, bias: Float32Array.from(bias) }, ...rest.map((layer) => ({ ...layer }))],
  };
}

/** Returns the artifacts that `tf.io.fromMemory` takes, from a model.json object and its weight bytes. */
export function layersModelArtifacts(modelJson: LayersModelJson, weightData: ArrayBuffer): tf.io.ModelArtifacts {
  return {
    modelTopology: modelJson.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    userDefinedMetadata: modelJson.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
  };
}

/**
 * Imports a tfjs layers model made only of Dense layers (an InputLayer is
 * allowed), Sequential or functional, with or without the `format` key of
 * older saves. `weightData` is the concatenation of the manifest's weight
 * files in manifest order. The result has inputMean 0 and inputScale 1,
 * because any standardization is already part of the weights.
 * Throws ImportError naming the unsupported layer, activation or shape.
 */
export function importLayersModel(modelJson: unknown, weightData: ArrayBuffer | ArrayBufferView, options: ImportOptions = {}): DenseNetwork {
  const json = checkModelJson(modelJson);
  const specs = parseDenseChain(json.modelTopology);
  const layers = readDenseWeights(specs, json.weightsManifest.flatMap((group) => group.weights ?? []), toArrayBuffer(weightData));
  const inputSize = layers[0].inputSize;

  if (options.expectedInputSize !== undefined && options.expectedInputSize !== inputSize) {
    throw new ImportError(
      `the model takes input shape [null, ${inputSize}] but the data has ${options.expectedInputSize} encoded features (shape [null, ${options.expectedInputSize}]); import it for a dataset with the features it was trained on`,
    );
  }

  const network: DenseNetwork = {
    ...inferKinds(layers[layers.length - 1], specs[specs.length - 1].name, layers.length),
    inputSize,
    inputMean: new Float32Array(inputSize),
    inputScale: new Float32Array(inputSize).fill(1),
    layers,
  };
  assertNetworkShape(network);
  return network;
}

function denseLayerConfig(layer: DenseLayer, name: string, inputSize: number | null): Record<string, unknown> {
  const config: Record<string, unknown> = {
    units: layer.units,
    activation: layer.activation,
    use_bias: true,
    kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
    bias_initializer: { class_name: 'Zeros', config: {} },
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
    name,
    trainable: true,
  };
  if (inputSize !== null) {
    config.batch_input_shape = [null, inputSize];
    config.dtype = 'float32';
  }
  return { class_name: 'Dense', config };
}

/** Concatenates kernel and bias of every layer as float32 in the platform's byte order, which tfjs reads back the same way. */
function concatenateWeights(network: DenseNetwork): ArrayBuffer {
  const total = network.layers.reduce((sum, layer) => sum + layer.kernel.length + layer.bias.length, 0);
  const values = new Float32Array(total);
  let offset = 0;
  for (const layer of network.layers) {
    values.set(layer.kernel, offset);
    offset += layer.kernel.length;
    values.set(layer.bias, offset);
    offset += layer.bias.length;
  }
  return values.buffer;
}

function copyMetadata(metadata: LayersModelMetadata): LayersModelMetadata {
  try {
    return JSON.parse(JSON.stringify(metadata)) as LayersModelMetadata;
  } catch (error) {
    throw new Error(`model metadata is not JSON-serializable: ${(error as Error).message}; pass plain objects, arrays, strings and numbers`);
  }
}

function checkModelJson(modelJson: unknown): LayersModelJson {
  if (typeof modelJson !== 'object' || modelJson === null) throw new ImportError('model.json is not a JSON object; pass the parsed model.json of a tfjs layers model');
  const json = modelJson as Partial<LayersModelJson>;
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw new ImportError(`model format ${json.format} is not supported: only tfjs layers models (format layers-model) of Dense layers can be compressed and explained`);
  }
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null) throw new ImportError('model.json has no modelTopology; pass a tfjs layers model.json');
  if (!Array.isArray(json.weightsManifest)) throw new ImportError('model.json has no weightsManifest; pass a tfjs layers model.json with its weights');
  return json as LayersModelJson;
}

function toArrayBuffer(data: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const copy = new Uint8Array(data.byteLength);
  copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return copy.buffer;
}

/** Decodes the manifest's weights (quantized ones included) and assigns each Dense layer its kernel and bias. */
function readDenseWeights(specs: DenseLayerSpec[], entries: tf.io.WeightsManifestEntry[], weightData: ArrayBuffer): DenseLayer[] {
  const expectedBytes = entries.reduce((sum, entry) => sum + weightByteLength(entry), 0);
  if (expectedBytes !== weightData.byteLength) {
    throw new ImportError(`weight data has ${weightData.byteLength} bytes but the weightsManifest describes ${expectedBytes}; pass the weight files concatenated in manifest order`);
  }

  const decoded = tf.tidy(() => tf.io.decodeWeights(weightData, entries));
  try {
    let inputSize = specs[0].inputSize;
    return specs.map((spec) => {
      const kernel = findWeight(decoded, spec.name, 'kernel');
      if (!kernel) throw new ImportError(`layer ${spec.name} has no kernel in the weightsManifest (weights: ${Object.keys(decoded).join(', ')})`);
      const [rows, units] = kernel.shape;
      if (kernel.rank !== 2 || units !== spec.units || (inputSize !== null && rows !== inputSize)) {
        throw new ImportError(`layer ${spec.name} kernel has shape [${kernel.shape.join(', ')}] but the layer maps ${inputSize ?? rows} inputs to ${spec.units} units`);
      }
      const layer: DenseLayer = { inputSize: rows, units, activation: spec.activation, kernel: new Float32Array(kernel.dataSync()), bias: readBias(decoded, spec) };
      inputSize = units;
      return layer;
    });
  } finally {
    tf.dispose(decoded);
  }
}

function readBias(decoded: tf.NamedTensorMap, spec: DenseLayerSpec): Float32Array {
  if (!spec.useBias) return new Float32Array(spec.units);
  const bias = findWeight(decoded, spec.name, 'bias');
  if (!bias) throw new ImportError(`layer ${spec.name} uses a bias but the weightsManifest has none for it`);
  if (bias.rank !== 1 || bias.shape[0] !== spec.units) throw new ImportError(`layer ${spec.name} bias has shape [${bias.shape.join(', ')}], expected [${spec.units}]`);
  return new Float32Array(bias.dataSync());
}

/** Finds "<layer>/kernel", also under a scope prefix ("model/<layer>/kernel") or with a ":0" suffix. */
function findWeight(decoded: tf.NamedTensorMap, layerName: string, kind: 'kernel' | 'bias'): tf.Tensor | undefined {
  const suffix = `${layerName}/${kind}`;
  for (const [name, tensor] of Object.entries(decoded)) {
    const bare = name.replace(/:\d+$/, '');
    if (bare === suffix || bare.endsWith(`/${suffix}`)) return tensor;
  }
  return undefined;
}

function weightByteLength(entry: tf.io.WeightsManifestEntry): number {
  const count = entry.shape.reduce((product, size) => product * size, 1);
  const quantized = entry.quantization?.dtype;
  if (quantized) return count * (quantized === 'uint8' ? 1 : 2);
  if (entry.dtype === 'float32' || entry.dtype === 'int32') return count * 4;
  if (entry.dtype === 'bool') return count;
  throw new ImportError(`weight ${entry.name} has dtype ${entry.dtype}, which Dense layers do not use; only float32 weights can be imported`);
}

/** Infers architecture and output kind from the output layer: linear → regression, one sigmoid unit → binary, softmax → multiclass. */
function inferKinds(output: DenseLayer, name: string, layerCount: number): Pick<DenseNetwork, 'architecture' | 'outputKind'> {
  const hidden = layerCount > 1;
  if (output.activation === 'linear') return { architecture: hidden ? 'MLP' : 'LINEAR', outputKind: 'REGRESSION' };
  if (output.activation === 'sigmoid' && output.units === 1) return { architecture: hidden ? 'MLP' : 'LOGISTIC', outputKind: 'BINARY' };
  if (output.activation === 'softmax' && output.units >= 2) return { architecture: hidden ? 'MLP' : 'LOGISTIC', outputKind: 'MULTICLASS' };
  throw new ImportError(
    `output layer ${name} has ${output.units} ${output.activation} units, which is not supported: use linear (regression), 1 sigmoid unit (binary) or at least 2 softmax units (multiclass)`,
  );
}
