import { computeImportance } from '../explain/methods.js';
import type { FeatureGroup, ImportanceScoreValue } from '../explain/types.js';
import { selectColumns, type Matrix } from '../ml/matrix.js';
import type { DenseNetwork } from '../ml/network.js';
import type { ResolvedFeature } from './featureGroups.js';
import type { FeatureSelectionConfig } from './featureSelectionConfig.js';
import type { CompressionInput } from './types.js';

/** Validation splits smaller than this rank on the training split instead, since few rows give noisy importance. */
export const MIN_RANKING_ROWS = 50;

/** The importance of one feature (a one-hot group counts as one) in one ranking round. */
export interface FeatureImportance {
  feature: ResolvedFeature;
  value: number;
}

/** One ranking: the importance of every current feature and the split it was computed on. */
export interface FeatureRanking {
  importances: FeatureImportance[];
  split: 'validation' | 'train';
  sampleCount: number;
}

/**
 * Ranks the current features of `network`, whose inputs are the sorted
 * columns of `features`, with the configured importance method. A group
 * scores its group value when the method reports one, else the sum of its
 * columns' values.
 */
export async function rankFeatures(input: CompressionInput, config: FeatureSelectionConfig, network: DenseNetwork, features: ResolvedFeature[], seed: number): Promise<FeatureRanking> {
  const columns = sortedColumns(features);
  const position = new Map(columns.map((column, index) => [column, index]));
  const groups: FeatureGroup[] = [];
  const groupOf = new Map<ResolvedFeature, number>();
  for (const feature of features) {
    if (feature.groupIndex === null) continue;
    groupOf.set(feature, groups.length);
    groups.push({ name: feature.name, columns: feature.columns.map((column) => position.get(column)!) });
  }

  const { x, target, split } = rankingSplit(input);
  const result = await computeImportance(config.importanceMethod, {
    network,
    task: input.task,
    classCount: input.classCount,
    data: selectColumns(x, columns),
    target,
    background: selectColumns(input.data.train, columns),
    featureNames: columns.map((column) => input.featureNames[column]),
    featureGroups: groups,
    seed,
    options: config.importanceOptions,
  });

  const importances = features.map((feature) => ({
    feature,
    value: featureValue(result.scores, feature, groupOf.get(feature) ?? null, position),
  }));
  return { importances, split, sampleCount: result.sampleCount };
}

/** Returns the encoded columns of the features in ascending order: the input order of a network over them. */
export function sortedColumns(features: ResolvedFeature[]): number[] {
  return features.flatMap((feature) => feature.columns).sort((a, b) => a - b);
}

function rankingSplit(input: CompressionInput): { x: Matrix; target: Float32Array; split: 'validation' | 'train' } {
  const { validation, validationTarget } = input.data;
  if (validation && validationTarget && validation.rows >= MIN_RANKING_ROWS) return { x: validation, target: validationTarget, split: 'validation' };
  return { x: input.data.train, target: input.data.trainTarget, split: 'train' };
}

function featureValue(scores: ImportanceScoreValue[], feature: ResolvedFeature, groupIndex: number | null, position: Map<number, number>): number {
  if (groupIndex !== null) {
    const group = scores.find((score) => score.targetKind === 'FEATURE' && score.isGroup && score.index === groupIndex);
    if (group) return group.value;
  }

  let sum = 0;
  for (const column of feature.columns) {
    const score = scores.find((candidate) => candidate.targetKind === 'FEATURE' && !candidate.isGroup && candidate.index === position.get(column));
    sum += score?.value ?? 0;
  }
  return sum;
}
