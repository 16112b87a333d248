import type { FeatureGroup } from '../explain/types.js';
import type { Matrix } from '../ml/matrix.js';
import type { DenseNetwork, OutputKind } from '../ml/network.js';
import type { TrainConfig } from '../ml/train.js';

export type CompressionMethod = 'WEIGHT_PRUNING' | 'FEATURE_SELECTION' | 'NEURON_PRUNING';

export const COMPRESSION_METHODS: readonly CompressionMethod[] = ['WEIGHT_PRUNING', 'FEATURE_SELECTION', 'NEURON_PRUNING'];

/** Stage of a compression run reported through `onProgress`. */
export type CompressionPhase = 'scoring' | 'pruning' | 'fine-tuning' | 'evaluating' | 'explaining';

/** The source network's splits, as raw encoded rows whose columns are the network's inputs. */
export interface CompressionData {
  train: Matrix;
  trainTarget: Float32Array;
  validation: Matrix | null;
  validationTarget: Float32Array | null;
  test: Matrix | null;
  testTarget: Float32Array | null;
}

/** Everything one compression run reads; nothing in it is mutated. */
export interface CompressionInput {
  network: DenseNetwork;
  /** One name per network input. */
  featureNames: string[];
  /** One-hot groups over the network's inputs; columns in no group are single features. */
  featureGroups: FeatureGroup[];
  task: OutputKind;
  /** 1 for regression, 2 for binary, the number of classes for multiclass. */
  classCount: number;
  data: CompressionData;
  /** The source model's training configuration, reused for fine-tuning and retraining. */
  trainConfig: TrainConfig;
  /** Method-specific settings, checked by `validateConfig` before the run. */
  config: unknown;
  seed: number;
  onProgress?: (phase: CompressionPhase, fraction: number) => void | Promise<void>;
  isCancelled?: () => boolean;
}

/** A hidden unit removed by neuron pruning, with its position in the source network. */
export interface RemovedNeuron {
  layer: number;
  index: number;
  name: string;
}

/** The compressed network and what changed. */
export interface CompressionResult {
  network: DenseNetwork;
  /** Indices into the source network's inputs that the result takes, in order. */
  inputColumns: number[];
  inputFeatures: string[];
  /** Names of removed features or feature groups. */
  removedFeatures: string[];
  removedNeurons: RemovedNeuron[];
  /** Per-layer kernel keep-masks (1 keep, 0 pruned) of weight pruning; null for an unpruned layer. */
  masks?: Array<Uint8Array | null>;
  /** Per-layer bias keep-masks when biases were pruned. */
  biasMasks?: Array<Uint8Array | null>;
  /** Achieved share of exactly-zero values among the prunable weights. */
  sparsity: number;
  /** Method-specific record: normalized config, schedule steps, per-layer sparsity, ranking used. */
  details: Record<string, unknown>;
}

/**
 * Facts about the source model that `validateConfig` checks a config
 * against. All of them are known before a job is queued.
 */
export interface ValidationContext {
  /** Number of encoded network inputs. */
  inputSize: number;
  /** Number of features as users see them: one per one-hot group plus one per ungrouped column. */
  featureCount: number;
  /** Units of each hidden layer, in order; empty for LINEAR and LOGISTIC models. */
  hiddenLayerSizes: number[];
  /** Units of the output layer. */
  outputSize: number;
}

/** A compression method: its config check and its computation. */
export interface Compressor {
  method: CompressionMethod;
  /** Returns the config with defaults filled in, or throws CompressionConfigError. */
  validateConfig(config: unknown, context: ValidationContext): Record<string, unknown>;
  /** Runs the method; validates `input.config` first. */
  compress(input: CompressionInput): Promise<CompressionResult>;
}
