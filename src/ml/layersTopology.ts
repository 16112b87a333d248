import { ImportError } from './importError.js';
import type { Activation } from './network.js';

/** One Dense layer of an imported topology, before its weights are read. */
export interface DenseLayerSpec {
  name: string;
  units: number;
  activation: Activation;
  useBias: boolean;
  /** The declared input size of the first layer; null on later layers or when the topology omits it. */
  inputSize: number | null;
}

interface KerasLayer {
  class_name?: string;
  name?: string;
  config?: Record<string, unknown>;
  inbound_nodes?: unknown[];
}

const SUPPORTED_ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu'];

/**
 * Reads a Keras/tfjs model topology and returns its Dense layers in order.
 * Accepts Sequential configs (a layer list, or `{ layers }`), functional
 * configs (`Model`/`Functional`) that form a single chain, and the
 * `model_config` wrapper of older converters. Any layer other than Dense and
 * InputLayer raises ImportError naming it.
 */
export function parseDenseChain(topology: Record<string, unknown>): DenseLayerSpec[] {
  const model = (topology.model_config ?? topology) as { class_name?: string; config?: unknown };
  let specs: DenseLayerSpec[];
  if (model.class_name === 'Sequential') specs = parseSequential(model.config);
  else if (model.class_name === 'Model' || model.class_name === 'Functional') specs = parseFunctional(model.config);
  else throw new ImportError(`model class ${String(model.class_name)} is not supported: only Sequential and functional models of Dense layers can be compressed and explained`);

  if (specs.length === 0) throw new ImportError('the model has no Dense layers; import a model with at least one Dense layer');
  return specs;
}

function parseSequential(config: unknown): DenseLayerSpec[] {
  const layers = (Array.isArray(config) ? config : (config as { layers?: unknown } | undefined)?.layers) as KerasLayer[] | undefined;
  if (!Array.isArray(layers)) throw new ImportError('the Sequential model lists no layers; pass a complete model.json');

  const specs: DenseLayerSpec[] = [];
  let declaredInput: number | null = null;
  layers.forEach((layer, index) => {
    checkSupportedLayer(layer);
    if (layer.class_name === 'InputLayer') {
      if (index !== 0) throw new ImportError(`InputLayer ${layerName(layer)} is not the first layer; a Sequential model has its input first`);
      declaredInput = declaredInputSize(layer);
      return;
    }
    specs.push(denseSpec(layer, specs.length === 0 ? (declaredInputSize(layer) ?? declaredInput) : null));
  });
  return specs;
}

/** Accepts a functional graph only when it is one chain input → Dense → … → Dense → output. */
function parseFunctional(config: unknown): DenseLayerSpec[] {
  const { layers, input_layers: inputs, output_layers: outputs } = (config ?? {}) as { layers?: KerasLayer[]; input_layers?: unknown[]; output_layers?: unknown[] };
  if (!Array.isArray(layers)) throw new ImportError('the functional model lists no layers; pass a complete model.json');
  layers.forEach(checkSupportedLayer);
  if (!Array.isArray(inputs) || inputs.length !== 1 || !Array.isArray(outputs) || outputs.length !== 1) {
    throw new ImportError(`the functional model has ${inputs?.length ?? 0} inputs and ${outputs?.length ?? 0} outputs; only models with one input and one output can be imported`);
  }

  const specs: DenseLayerSpec[] = [];
  let previous = String((inputs[0] as unknown[])[0]);
  let declaredInput: number | null = null;
  for (const layer of layers) {
    if (layer.class_name === 'InputLayer') {
      declaredInput = declaredInputSize(layer);
      continue;
    }
    const sources = inboundLayerNames(layer);
    if (sources.length !== 1 || sources[0] !== previous) {
      throw new ImportError(`layer ${layerName(layer)} takes input from ${sources.join(', ') || 'nothing'} instead of ${previous}: only a single chain of Dense layers can be imported`);
    }
    specs.push(denseSpec(layer, specs.length === 0 ? declaredInput : null));
    previous = layerName(layer);
  }

  const output = String((outputs[0] as unknown[])[0]);
  if (output !== previous) throw new ImportError(`the model's output is ${output}, not the last Dense layer ${previous}; only a single chain of Dense layers can be imported`);
  return specs;
}

function checkSupportedLayer(layer: KerasLayer): void {
  if (layer.class_name === 'Dense' || layer.class_name === 'InputLayer') return;
  throw new ImportError(`layer ${layerName(layer)} (${String(layer.class_name)}) is not supported: only Dense layers can be compressed and explained`);
}

function denseSpec(layer: KerasLayer, inputSize: number | null): DenseLayerSpec {
  const config = layer.config ?? {};
  const name = layerName(layer);
  const units = config.units;
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) throw new ImportError(`layer ${name} has invalid units ${String(units)}`);

  const activation = config.activation ?? 'linear';
  if (typeof activation !== 'string' || !SUPPORTED_ACTIVATIONS.includes(activation as Activation)) {
    throw new ImportError(`layer ${name} uses activation ${JSON.stringify(activation)}, which is not supported: use one of ${SUPPORTED_ACTIVATIONS.join(', ')}`);
  }
  return { name, units, activation: activation as Activation, useBias: config.use_bias !== false, inputSize };
}

function layerName(layer: KerasLayer): string {
  return String(layer.config?.name ?? layer.name ?? '(unnamed)');
}

/** Returns n of a declared [null, n] input shape, null when none is declared; rejects other ranks. */
function declaredInputSize(layer: KerasLayer): number | null {
  const config = layer.config ?? {};
  const batchShape = config.batch_input_shape ?? config.batchInputShape ?? config.batch_shape;
  const inputShape = config.input_shape ?? config.inputShape;
  const shape = Array.isArray(batchShape) ? batchShape : Array.isArray(inputShape) ? [null, ...inputShape] : null;
  if (shape === null) return null;

  const size = shape[1];
  if (shape.length !== 2 || typeof size !== 'number') {
    throw new ImportError(`layer ${layerName(layer)} has input shape [${shape.map(String).join(', ')}], which is not supported: only flat inputs [null, n] can be imported`);
  }
  return size;
}

/** Returns the layers feeding a functional layer, from tfjs/Keras 2 node lists or Keras 3 keras_history entries. */
function inboundLayerNames(layer: KerasLayer): string[] {
  const nodes = layer.inbound_nodes ?? [];
  if (nodes.length !== 1) throw new ImportError(`layer ${layerName(layer)} is applied ${nodes.length} times; only a single chain of Dense layers can be imported`);

  const node = nodes[0];
  if (Array.isArray(node)) return node.map((entry) => String((entry as unknown[])[0]));

  const args = (node as { args?: unknown[] }).args ?? [];
  return args.map((arg) => String((arg as { config?: { keras_history?: unknown[] } }).config?.keras_history?.[0]));
}
