import type { Matrix } from '../ml/matrix.js';
import { cloneNetwork, type DenseNetwork, type OutputKind } from '../ml/network.js';
import { trainNetwork, TrainingCancelledError, type TrainConfig, type TrainData } from '../ml/train.js';
import { CompressionCancelledError } from './errors.js';
import { nonZeroMask } from './masks.js';

/** Training rows over the network's own inputs. */
export interface TrainingSplits {
  train: Matrix;
  trainTarget: Float32Array;
  validation: Matrix | null;
  validationTarget: Float32Array | null;
}

/** One fine-tuning or retraining request. */
export interface TrainingRequest {
  trainConfig: TrainConfig;
  splits: TrainingSplits;
  task: OutputKind;
  classCount: number;
  epochs: number;
  masks?: Array<Uint8Array | null>;
  biasMasks?: Array<Uint8Array | null>;
  /** Receives the share of epochs done, from 0 to 1. */
  onProgress?: (fraction: number) => void | Promise<void>;
  isCancelled?: () => boolean;
}

/** Record of one fine-tuning or retraining run. */
export interface TrainingRecord {
  network: DenseNetwork;
  epochs: number;
  bestEpoch: number;
  finalLoss: number | null;
}

/**
 * Fine-tunes `network` for `request.epochs` epochs with the source's optimizer
 * settings, keeping masked weights at exactly zero. Zero epochs returns a copy.
 */
export async function fineTune(network: DenseNetwork, request: TrainingRequest): Promise<TrainingRecord> {
  if (request.epochs === 0) return { network: cloneNetwork(network), epochs: 0, bestEpoch: 0, finalLoss: null };
  return runTraining(network, request);
}

/** Trains a new network of the same shape as `shape` from scratch, with the source's config and seed. */
export async function retrain(shape: DenseNetwork, request: TrainingRequest): Promise<TrainingRecord> {
  return runTraining(null, { ...request, trainConfig: shapedConfig(request.trainConfig, shape) });
}

/**
 * Returns keep-masks of the kernel weights that are already exactly zero,
 * so that fine-tuning a pruned network does not regrow them. Returns
 * undefined when the network has no zero weight.
 */
export function existingZeroMasks(network: DenseNetwork): Array<Uint8Array | null> | undefined {
  const masks = network.layers.map((layer) => (layer.kernel.includes(0) ? nonZeroMask(layer.kernel) : null));
  return masks.some((mask) => mask !== null) ? masks : undefined;
}

async function runTraining(initial: DenseNetwork | null, request: TrainingRequest): Promise<TrainingRecord> {
  const data: TrainData = {
    task: request.task,
    classCount: request.classCount,
    train: request.splits.train,
    trainTarget: request.splits.trainTarget,
    ...(request.splits.validation && request.splits.validationTarget
      ? { validation: request.splits.validation, validationTarget: request.splits.validationTarget }
      : {}),
  };
  const config: TrainConfig = {
    ...(initial ? shapedConfig(request.trainConfig, initial) : request.trainConfig),
    epochs: request.epochs,
    earlyStoppingPatience: data.validation ? request.trainConfig.earlyStoppingPatience : null,
  };

  try {
    const result = await trainNetwork(config, data, {
      ...(initial ? { initial } : {}),
      ...(request.masks ? { masks: request.masks } : {}),
      ...(request.biasMasks ? { biasMasks: request.biasMasks } : {}),
      onEpoch: (progress) => request.onProgress?.(progress.epoch / progress.epochs),
      shouldStop: () => request.isCancelled?.() ?? false,
    });
    const last = result.history[result.history.length - 1];
    return { network: result.network, epochs: result.history.length, bestEpoch: result.bestEpoch, finalLoss: last?.loss ?? null };
  } catch (error) {
    if (error instanceof TrainingCancelledError) throw new CompressionCancelledError('fine-tuning');
    throw error;
  }
}

/** Returns the config with the architecture and hidden sizes of `network`, which may differ after compression. */
function shapedConfig(config: TrainConfig, network: DenseNetwork): TrainConfig {
  const hiddenUnits = network.layers.slice(0, -1).map((layer) => layer.units);
  const activation = network.layers.length > 1 ? network.layers[0].activation : config.activation;
  return { ...config, architecture: network.architecture, hiddenUnits, activation };
}
