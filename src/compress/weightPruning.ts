import { deriveSeed, createRandom, permutation } from '../core/random.js';
import { selectRows } from '../ml/matrix.js';
import { cloneNetwork, type DenseNetwork } from '../ml/network.js';
import { validationContext } from './context.js';
import { CompressionConfigError } from './errors.js';
import { fineTune } from './fineTune.js';
import { computeMasks, nonZeroMask, prunedCount } from './masks.js';
import { reportProgress, throwIfCancelled } from './progress.js';
import { polynomialSchedule } from './schedule.js';
import type { CompressionInput, CompressionResult, Compressor } from './types.js';
import { prunableTensors, validateWeightPruningConfig, type PrunableTensor, type WeightPruningConfig } from './weightPruningConfig.js';
import { weightScores, type ScoringData } from './weightScores.js';

/** One step of the pruning schedule as recorded in the result details. */
interface PruningStep {
  step: number;
  targetSparsity: number;
  prunedWeights: number;
  fineTuneEpochs: number;
  finalLoss: number | null;
}

/**
 * Unstructured weight pruning: zeroes the lowest-scoring prunable weights to
 * the target sparsity, once or along the cubic schedule, and fine-tunes with
 * the masks so that pruned weights stay exactly zero.
 */
export const weightPruning: Compressor = {
  method: 'WEIGHT_PRUNING',
  validateConfig: (config, context) => ({ ...validateWeightPruningConfig(config, context) }),
  compress: pruneWeights,
};

async function pruneWeights(input: CompressionInput): Promise<CompressionResult> {
  const config = validateWeightPruningConfig(input.config, validationContext(input.network, input.featureNames, input.featureGroups));
  const tensors = prunableTensors(config, layerSizes(input.network));
  let network = cloneNetwork(input.network);

  let masks: Uint8Array[] = tensors.map((tensor) => nonZeroMask(tensorValues(network, tensor)));
  const initialSparsity = zeroShare(masks);
  checkInitialSparsity(initialSparsity, config, masks);

  const targets = config.schedule === 'ONE_SHOT' ? [config.sparsity] : polynomialSchedule(config.steps, config.sparsity, initialSparsity);
  const epochsPerStep = stepEpochs(config);
  const scoring = scoringData(input, config);
  const steps: PruningStep[] = [];

  for (const [index, target] of targets.entries()) {
    throwIfCancelled(input, 'scoring');
    await reportProgress(input, 'scoring', index / targets.length);
    const scores = weightScores(network, config.criterion, scoring);

    throwIfCancelled(input, 'pruning');
    masks = computeMasks(tensors.map((tensor) => scoreValues(scores, tensor)), target, config.scope, masks);
    network = applyMasks(network, tensors, masks);
    await reportProgress(input, 'pruning', (index + 1) / targets.length);

    const layerMasks = toLayerMasks(network, tensors, masks);
    const tuned = await fineTune(network, {
      trainConfig: input.trainConfig,
      splits: input.data,
      task: input.task,
      classCount: input.classCount,
      epochs: epochsPerStep,
      ...layerMasks,
      onProgress: (fraction) => reportProgress(input, 'fine-tuning', (index + fraction) / targets.length),
      isCancelled: input.isCancelled,
    });
    network = applyMasks(tuned.network, tensors, masks);
    steps.push({ step: index + 1, targetSparsity: target, prunedWeights: countZeros(masks), fineTuneEpochs: tuned.epochs, finalLoss: tuned.finalLoss });
  }

  return buildResult(input, config, network, tensors, masks, { initialSparsity, steps, scoringRows: scoring.x.rows });
}

/** Returns layer input and output sizes: [inputSize, units of layer 0, units of layer 1, …]. */
function layerSizes(network: DenseNetwork): number[] {
  return [network.inputSize, ...network.layers.map((layer) => layer.units)];
}

function tensorValues(network: DenseNetwork, tensor: PrunableTensor): Float32Array {
  const layer = network.layers[tensor.layer];
  return tensor.kind === 'kernel' ? layer.kernel : layer.bias;
}

function scoreValues(scores: { kernels: Float32Array[]; biases: Float32Array[] }, tensor: PrunableTensor): Float32Array {
  return tensor.kind === 'kernel' ? scores.kernels[tensor.layer] : scores.biases[tensor.layer];
}

/**
 * Rejects a target below the zeros the source already has, because pruned weights never come back.
 * NOTE: under LAYER scope a tensor holding more zeros than its own count unmasks the surplus, which fine-tuning may regrow.
 */
function checkInitialSparsity(initialSparsity: number, config: WeightPruningConfig, masks: Uint8Array[]): void {
  const total = masks.reduce((sum, mask) => sum + mask.length, 0);
  if (countZeros(masks) > prunedCount(config.sparsity, total)) {
    throw new CompressionConfigError(
      `sparsity ${config.sparsity} is below the source's existing sparsity ${initialSparsity.toFixed(4)} on the prunable weights; pass a sparsity of at least ${initialSparsity.toFixed(4)}`,
    );
  }
}

/** Spreads the fine-tuning epochs over the steps, at least one per step unless fine-tuning is off. */
function stepEpochs(config: WeightPruningConfig): number {
  if (config.fineTuneEpochs === 0) return 0;
  return Math.max(1, Math.round(config.fineTuneEpochs / config.steps));
}

/** Draws the scoring rows from the training split with the run's seed. */
function scoringData(input: CompressionInput, config: WeightPruningConfig): ScoringData {
  const train = input.data.train;
  const count = Math.min(train.rows, config.scoringRows);
  const rows = permutation(train.rows, createRandom(deriveSeed(input.seed, 'weight-scoring'))).subarray(0, count);
  const sorted = Int32Array.from(rows).sort();
  return {
    x: selectRows(train, sorted),
    target: Float32Array.from(sorted, (row) => input.data.trainTarget[row]),
    task: input.task,
    classCount: input.classCount,
    batchSize: Math.min(input.trainConfig.batchSize, count),
    epsilon: config.epsilon,
  };
}

/** Returns a copy of the network with masked values set to +0. */
function applyMasks(network: DenseNetwork, tensors: PrunableTensor[], masks: Uint8Array[]): DenseNetwork {
  const copy = cloneNetwork(network);
  tensors.forEach((tensor, t) => {
    const values = tensorValues(copy, tensor);
    for (let i = 0; i < values.length; i++) if (masks[t][i] === 0) values[i] = 0;
  });
  return copy;
}

/** Converts the prunable-tensor masks to the per-layer kernel and bias mask lists trainNetwork takes. */
function toLayerMasks(network: DenseNetwork, tensors: PrunableTensor[], masks: Uint8Array[]): { masks: Array<Uint8Array | null>; biasMasks?: Array<Uint8Array | null> } {
  const kernelMasks: Array<Uint8Array | null> = network.layers.map(() => null);
  const biasMasks: Array<Uint8Array | null> = network.layers.map(() => null);
  tensors.forEach((tensor, t) => {
    if (tensor.kind === 'kernel') kernelMasks[tensor.layer] = masks[t];
    else biasMasks[tensor.layer] = masks[t];
  });
  return biasMasks.some((mask) => mask !== null) ? { masks: kernelMasks, biasMasks } : { masks: kernelMasks };
}

function countZeros(masks: ArrayLike<number>[]): number {
  let zeros = 0;
  for (const mask of masks) for (let i = 0; i < mask.length; i++) if (mask[i] === 0) zeros++;
  return zeros;
}

function zeroShare(masks: Uint8Array[]): number {
  const total = masks.reduce((sum, mask) => sum + mask.length, 0);
  return total === 0 ? 0 : countZeros(masks) / total;
}

function buildResult(
  input: CompressionInput,
  config: WeightPruningConfig,
  network: DenseNetwork,
  tensors: PrunableTensor[],
  masks: Uint8Array[],
  record: { initialSparsity: number; steps: PruningStep[]; scoringRows: number },
): CompressionResult {
  const values = tensors.map((tensor) => tensorValues(network, tensor));
  const layerMasks = toLayerMasks(network, tensors, masks);
  const tensorSparsity = tensors.map((tensor, t) => ({ layer: tensor.layer, kind: tensor.kind, size: tensor.size, sparsity: zeroShare([nonZeroMask(values[t])]) }));

  return {
    network,
    inputColumns: input.featureNames.map((_, column) => column),
    inputFeatures: [...input.featureNames],
    removedFeatures: [],
    removedNeurons: [],
    ...layerMasks,
    sparsity: zeroShare(values.map(nonZeroMask)),
    details: {
      config,
      initialSparsity: record.initialSparsity,
      steps: record.steps,
      tensorSparsity,
      emptiedTensors: tensorSparsity.filter((tensor) => tensor.sparsity === 1).map((tensor) => `${tensor.kind} of layer ${tensor.layer}`),
      scoringRows: config.criterion === 'MAGNITUDE' ? 0 : record.scoringRows,
    },
  };
}
