import { createRandom, deriveSeed, permutation } from '../core/random.js';
import { selectRows } from '../ml/matrix.js';
import { parameterCount, type DenseNetwork } from '../ml/network.js';
import { validationContext } from './context.js';
import { existingZeroMasks, fineTune } from './fineTune.js';
import { maskSparsity, nonZeroMask } from './masks.js';
import { validateNeuronPruningConfig, unitsToRemove, type NeuronPruningConfig } from './neuronPruningConfig.js';
import { neuronScores, type NeuronScoringData } from './neuronScores.js';
import { reportProgress, throwIfCancelled } from './progress.js';
import { removeUnits } from './removeUnits.js';
import type { CompressionInput, CompressionResult, Compressor, RemovedNeuron } from './types.js';

/**
 * Structured pruning: removes the lowest-scoring hidden units, physically
 * shrinking their layer and the next layer's inputs, then fine-tunes.
 */
export const neuronPruning: Compressor = {
  method: 'NEURON_PRUNING',
  validateConfig: (config, context) => ({ ...validateNeuronPruningConfig(config, context) }),
  compress: pruneNeurons,
};

async function pruneNeurons(input: CompressionInput): Promise<CompressionResult> {
  const config = validateNeuronPruningConfig(input.config, validationContext(input.network, input.featureNames, input.featureGroups));

  throwIfCancelled(input, 'scoring');
  await reportProgress(input, 'scoring', 0);
  const scoring = scoringData(input, config);
  const scores = await neuronScores(input.network, config.criterion, scoring);

  throwIfCancelled(input, 'pruning');
  const selected = config.fraction !== null ? lowestPerLayer(scores, config.fraction) : lowestGlobally(scores, config.count ?? 0);
  let network = input.network;
  selected.forEach((units, layer) => {
    if (units.length > 0) network = removeUnits(network, layer, units);
  });
  await reportProgress(input, 'pruning', 1);

  const tuned = await fineTune(network, {
    trainConfig: input.trainConfig,
    splits: input.data,
    task: input.task,
    classCount: input.classCount,
    epochs: config.fineTuneEpochs,
    masks: existingZeroMasks(network),
    onProgress: (fraction) => reportProgress(input, 'fine-tuning', fraction),
    isCancelled: input.isCancelled,
  });

  return buildResult(input, config, tuned.network, selected, scores, { fineTuneEpochs: tuned.epochs, finalLoss: tuned.finalLoss, scoringRows: scoring.x.rows });
}

/** Draws scoring rows from the validation split, or the training split when there is none. */
function scoringData(input: CompressionInput, config: NeuronPruningConfig): NeuronScoringData {
  const useValidation = input.data.validation !== null && input.data.validationTarget !== null && input.data.validation.rows > 0;
  const x = useValidation ? input.data.validation! : input.data.train;
  const target = useValidation ? input.data.validationTarget! : input.data.trainTarget;
  const count = Math.min(x.rows, config.scoringRows);
  const rows = Int32Array.from(permutation(x.rows, createRandom(deriveSeed(input.seed, 'neuron-scoring'))).subarray(0, count)).sort();

  return {
    x: selectRows(x, rows),
    target: Float32Array.from(rows, (row) => target[row]),
    background: input.data.train,
    featureNames: input.featureNames,
    task: input.task,
    classCount: input.classCount,
    seed: input.seed,
  };
}

/** Picks round(fraction · units) lowest-scoring units of each layer, lowest index first among ties, keeping one. */
export function lowestPerLayer(scores: ArrayLike<number>[], fraction: number): number[][] {
  return scores.map((layer) => {
    const order = ascendingOrder(layer);
    return order.slice(0, unitsToRemove(fraction, layer.length)).sort((a, b) => a - b);
  });
}

/**
 * Picks the `count` lowest-scoring units across layers after dividing each
 * layer's scores by their L2 norm, the layer-wise rescaling of Molchanov et
 * al. (2017) that makes scores of differently sized layers comparable. A
 * unit is skipped when taking it would leave its layer empty; ties go to the
 * earlier layer, then the lower index.
 */
export function lowestGlobally(scores: ArrayLike<number>[], count: number): number[][] {
  const candidates: Array<{ layer: number; unit: number; score: number }> = [];
  scores.forEach((layer, index) => {
    let norm = 0;
    for (let unit = 0; unit < layer.length; unit++) norm += layer[unit] * layer[unit];
    norm = Math.sqrt(norm);
    for (let unit = 0; unit < layer.length; unit++) candidates.push({ layer: index, unit, score: norm > 0 ? layer[unit] / norm : 0 });
  });
  candidates.sort((a, b) => a.score - b.score || a.layer - b.layer || a.unit - b.unit);

  const selected: number[][] = scores.map(() => []);
  let taken = 0;
  for (const candidate of candidates) {
    if (taken === count) break;
    if (selected[candidate.layer].length + 1 < scores[candidate.layer].length) {
      selected[candidate.layer].push(candidate.unit);
      taken++;
    }
  }
  return selected.map((units) => units.sort((a, b) => a - b));
}

function ascendingOrder(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

function buildResult(
  input: CompressionInput,
  config: NeuronPruningConfig,
  network: DenseNetwork,
  selected: number[][],
  scores: Float32Array[],
  record: { fineTuneEpochs: number; finalLoss: number | null; scoringRows: number },
): CompressionResult {
  const removedNeurons: RemovedNeuron[] = selected.flatMap((units, layer) => units.map((index) => ({ layer, index, name: `layer${layer}/unit${index}` })));
  return {
    network,
    inputColumns: input.featureNames.map((_, column) => column),
    inputFeatures: [...input.featureNames],
    removedFeatures: [],
    removedNeurons,
    sparsity: maskSparsity(network.layers.map((layer) => nonZeroMask(layer.kernel))),
    details: {
      config,
      hiddenUnitsBefore: input.network.layers.slice(0, -1).map((layer) => layer.units),
      hiddenUnitsAfter: network.layers.slice(0, -1).map((layer) => layer.units),
      parameterCountBefore: parameterCount(input.network),
      parameterCountAfter: parameterCount(network),
      scores: scores.map((layer) => Array.from(layer)),
      scoringRows: config.criterion === 'WEIGHT_L1' ? 0 : record.scoringRows,
      fineTuneEpochs: record.fineTuneEpochs,
      finalLoss: record.finalLoss,
    },
  };
}
