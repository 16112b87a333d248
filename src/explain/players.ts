import type { FeatureGroup } from './types.js';

/**
 * A unit that player-based methods (PERMUTATION, KERNEL_SHAP, LIME) switch as
 * a whole: one feature group, or one column that is in no group.
 */
export interface Player {
  name: string;
  columns: number[];
  isGroup: boolean;
  /** Group index in `featureGroups` for a group, column index otherwise. */
  index: number;
}

/** Returns the players in the order of their first column. */
export function buildPlayers(inputSize: number, featureNames: string[], groups: FeatureGroup[]): Player[] {
  const players: Player[] = groups.map((group, index) => ({ name: group.name, columns: [...group.columns], isGroup: true, index }));
  const grouped = new Set(groups.flatMap((group) => group.columns));

  for (let column = 0; column < inputSize; column++) {
    if (!grouped.has(column)) players.push({ name: featureNames[column], columns: [column], isGroup: false, index: column });
  }

  return players.sort((a, b) => Math.min(...a.columns) - Math.min(...b.columns));
}

/**
 * Spreads per-row player values [rows × players] onto columns [rows × inputs].
 * A single column takes its player's value. The columns of a group share the
 * group's value equally, so they sum to the group value.
 */
export function spreadOverColumns(playerValues: Float64Array, rows: number, players: Player[], inputSize: number): Float64Array {
  const columnValues = new Float64Array(rows * inputSize);
  for (let r = 0; r < rows; r++) {
    players.forEach((player, p) => {
      const share = playerValues[r * players.length + p] / player.columns.length;
      for (const column of player.columns) columnValues[r * inputSize + column] = share;
    });
  }
  return columnValues;
}
