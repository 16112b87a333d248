import { deriveSeed } from '../core/random.js';
import { selectColumns } from '../ml/matrix.js';
import { cloneNetwork, type DenseNetwork } from '../ml/network.js';
import { validationContext } from './context.js';
import { resolveFeatures, type ResolvedFeature } from './featureGroups.js';
import { rankFeatures, sortedColumns, type FeatureImportance, type FeatureRanking } from './featureRanking.js';
import { targetFeatureCount, validateFeatureSelectionConfig, type FeatureSelectionConfig } from './featureSelectionConfig.js';
import { existingZeroMasks, fineTune, retrain, type TrainingRecord, type TrainingSplits } from './fineTune.js';
import { maskSparsity, nonZeroMask } from './masks.js';
import { reportProgress, throwIfCancelled } from './progress.js';
import { sliceInputs } from './sliceInputs.js';
import type { CompressionInput, CompressionResult, Compressor } from './types.js';

/** One ranking round as recorded in the result details. */
interface SelectionRound {
  round: number;
  split: FeatureRanking['split'];
  sampleCount: number;
  scores: Array<{ name: string; value: number; rank: number }>;
  dropped: string[];
}

/**
 * Feature selection: ranks features by importance and keeps the top ones,
 * once or by recursive elimination, then retrains from scratch or slices the
 * first layer and fine-tunes. One-hot groups are kept or dropped whole.
 */
export const featureSelection: Compressor = {
  method: 'FEATURE_SELECTION',
  validateConfig: (config, context) => ({ ...validateFeatureSelectionConfig(config, context) }),
  compress: selectFeatures,
};

async function selectFeatures(input: CompressionInput): Promise<CompressionResult> {
  const config = validateFeatureSelectionConfig(input.config, validationContext(input.network, input.featureNames, input.featureGroups));
  const all = resolveFeatures(input.featureNames, input.featureGroups);
  const target = targetFeatureCount(config, all.length);
  const expectedRounds = config.step === null || target === null ? 1 : Math.ceil((all.length - target) / config.step);

  let current = all;
  let network = cloneNetwork(input.network);
  let training: TrainingRecord | null = null;
  const rounds: SelectionRound[] = [];
  let thresholdKeptNone = false;

  while (true) {
    throwIfCancelled(input, 'scoring');
    await reportProgress(input, 'scoring', rounds.length / expectedRounds);
    const ranking = await rankFeatures(input, config, network, current, deriveSeed(input.seed, `ranking${rounds.length}`));
    const aboveThreshold = config.threshold === null ? 0 : ranking.importances.filter((entry) => entry.value > config.threshold!).length;
    const keepCount = target ?? Math.max(1, aboveThreshold);
    thresholdKeptNone = target === null && aboveThreshold === 0;

    const dropCount = Math.min(config.step ?? Infinity, current.length - keepCount);
    const dropped = lowestFeatures(ranking.importances, dropCount);
    rounds.push(roundRecord(rounds.length + 1, ranking, dropped));
    if (dropped.length === 0) break;

    const kept = current.filter((feature) => !dropped.includes(feature));
    throwIfCancelled(input, 'fine-tuning');
    training = await rebuild(input, config, network, current, kept, (fraction) => reportProgress(input, 'fine-tuning', (rounds.length - 1 + fraction) / expectedRounds));
    network = training.network;
    current = kept;
    if (current.length <= keepCount) break;
  }

  return buildResult(input, config, network, all, current, { rounds, training, thresholdKeptNone });
}

/** Returns the `count` least important features: lowest value first, and among ties the later feature. */
function lowestFeatures(importances: FeatureImportance[], count: number): ResolvedFeature[] {
  const order = importances.map((entry, index) => ({ ...entry, index }));
  order.sort((a, b) => a.value - b.value || b.index - a.index);
  return order.slice(0, Math.max(0, count)).map((entry) => entry.feature);
}

/** Builds the network over the kept features from the current one: retrained from scratch, or sliced and fine-tuned. */
async function rebuild(
  input: CompressionInput,
  config: FeatureSelectionConfig,
  network: DenseNetwork,
  current: ResolvedFeature[],
  kept: ResolvedFeature[],
  onProgress: (fraction: number) => Promise<void>,
): Promise<TrainingRecord> {
  const keptColumns = sortedColumns(kept);
  const request = {
    trainConfig: input.trainConfig,
    splits: splitsOver(input, keptColumns),
    task: input.task,
    classCount: input.classCount,
    onProgress,
    isCancelled: input.isCancelled,
  };
  if (config.retrain) return retrain(network, { ...request, epochs: input.trainConfig.epochs });

  const currentColumns = sortedColumns(current);
  const sliced = sliceInputs(network, keptColumns.map((column) => currentColumns.indexOf(column)));
  return fineTune(sliced, { ...request, epochs: config.fineTuneEpochs, masks: existingZeroMasks(sliced) });
}

function splitsOver(input: CompressionInput, columns: number[]): TrainingSplits {
  const { train, trainTarget, validation, validationTarget } = input.data;
  return {
    train: selectColumns(train, columns),
    trainTarget,
    validation: validation ? selectColumns(validation, columns) : null,
    validationTarget,
  };
}

function roundRecord(round: number, ranking: FeatureRanking, dropped: ResolvedFeature[]): SelectionRound {
  const order = ranking.importances.map((entry, index) => ({ entry, index }));
  order.sort((a, b) => b.entry.value - a.entry.value || a.index - b.index);
  const ranks = new Map(order.map(({ entry }, position) => [entry.feature.name, position + 1]));

  return {
    round,
    split: ranking.split,
    sampleCount: ranking.sampleCount,
    scores: ranking.importances.map((entry) => ({ name: entry.feature.name, value: entry.value, rank: ranks.get(entry.feature.name)! })),
    dropped: dropped.map((feature) => feature.name),
  };
}

function buildResult(
  input: CompressionInput,
  config: FeatureSelectionConfig,
  network: DenseNetwork,
  all: ResolvedFeature[],
  kept: ResolvedFeature[],
  record: { rounds: SelectionRound[]; training: TrainingRecord | null; thresholdKeptNone: boolean },
): CompressionResult {
  const inputColumns = sortedColumns(kept);
  return {
    network,
    inputColumns,
    inputFeatures: inputColumns.map((column) => input.featureNames[column]),
    removedFeatures: all.filter((feature) => !kept.includes(feature)).map((feature) => feature.name),
    removedNeurons: [],
    sparsity: maskSparsity(network.layers.map((layer) => nonZeroMask(layer.kernel))),
    details: {
      config,
      featureCountBefore: all.length,
      featureCountAfter: kept.length,
      keptFeatures: kept.map((feature) => feature.name),
      rounds: record.rounds,
      // NOTE: a threshold above every importance keeps the single best feature rather than none.
      thresholdKeptNone: record.thresholdKeptNone,
      training: record.training && {
        mode: config.retrain ? 'retrained' : 'fine-tuned',
        epochs: record.training.epochs,
        bestEpoch: record.training.bestEpoch,
        finalLoss: record.training.finalLoss,
      },
    },
  };
}
