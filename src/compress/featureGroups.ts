import type { FeatureGroup } from '../explain/types.js';
import { CompressionConfigError } from './errors.js';

/** A feature as users see it: a one-hot group of columns, or one ungrouped column. */
export interface ResolvedFeature {
  name: string;
  /** Encoded columns in ascending order. */
  columns: number[];
  /** Index in `featureGroups`, or null for an ungrouped column. */
  groupIndex: number | null;
}

/**
 * Returns the features of a network's inputs in order of their first column:
 * each group once, and each column that no group contains as its own feature.
 * Throws when a group names a column outside the inputs or two groups share one.
 */
export function resolveFeatures(featureNames: string[], featureGroups: FeatureGroup[]): ResolvedFeature[] {
  const owner = new Int32Array(featureNames.length).fill(-1);
  featureGroups.forEach((group, groupIndex) => {
    if (group.columns.length === 0) throw new CompressionConfigError(`feature group ${group.name} has no columns; give it at least one or leave it out`);
    for (const column of group.columns) {
      if (!Number.isInteger(column) || column < 0 || column >= featureNames.length) {
        throw new CompressionConfigError(`feature group ${group.name} names column ${column}, outside the ${featureNames.length} network inputs; use indices from 0 to ${featureNames.length - 1}`);
      }
      if (owner[column] !== -1) throw new CompressionConfigError(`column ${column} belongs to feature groups ${featureGroups[owner[column]].name} and ${group.name}; a column may belong to one group only`);
      owner[column] = groupIndex;
    }
  });

  const features: ResolvedFeature[] = [];
  const seen = new Set<number>();
  for (let column = 0; column < featureNames.length; column++) {
    const groupIndex = owner[column];
    if (groupIndex === -1) {
      features.push({ name: featureNames[column], columns: [column], groupIndex: null });
    } else if (!seen.has(groupIndex)) {
      seen.add(groupIndex);
      features.push({ name: featureGroups[groupIndex].name, columns: [...featureGroups[groupIndex].columns].sort((a, b) => a - b), groupIndex });
    }
  }
  return features;
}
