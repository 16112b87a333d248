import { meanAndStd } from './sampling.js';
import type { FeatureGroup, ImportanceScoreValue } from './types.js';

/**
 * Rule that forms a group's per-row value from its columns. Additive methods
 * use `sum` of signed attributions, which is then the group's attribution.
 * Gradient magnitudes use `sumAbs` (the L1 norm), because their signs would
 * otherwise cancel.
 */
export type GroupCombination = 'sum' | 'sumAbs';

/** Per-row signed attributions [rows × inputs] with the names needed to report them. */
export interface AttributionTable {
  values: Float64Array;
  rows: number;
  inputSize: number;
  featureNames: string[];
  groups: FeatureGroup[];
}

/**
 * Turns per-row attributions into global scores: per column and per group, the
 * mean over rows of the absolute value, its population standard deviation, and
 * the signed mean. With zero rows every score is 0.
 */
export function summarizeAttributions(table: AttributionTable, combination: GroupCombination): ImportanceScoreValue[] {
  const scores: ImportanceScoreValue[] = [];
  for (let column = 0; column < table.inputSize; column++) {
    const signed = columnOf(table, [column], 'sum');
    scores.push(scoreOf(table.featureNames[column], column, false, signed, signed));
  }

  table.groups.forEach((group, index) => {
    const combined = columnOf(table, group.columns, combination);
    const signed = combination === 'sum' ? combined : columnOf(table, group.columns, 'sum');
    scores.push(scoreOf(group.name, index, true, combined, signed));
  });
  return scores;
}

/** Sets the given columns of every row to exactly 0. */
export function zeroColumns(values: Float64Array, rows: number, inputSize: number, columns: boolean[]): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < inputSize; c++) if (columns[c]) values[r * inputSize + c] = 0;
  }
}

function columnOf(table: AttributionTable, columns: number[], combination: GroupCombination): Float64Array {
  const combined = new Float64Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    let total = 0;
    for (const column of columns) {
      const value = table.values[r * table.inputSize + column];
      total += combination === 'sum' ? value : Math.abs(value);
    }
    combined[r] = total;
  }
  return combined;
}

function scoreOf(name: string, index: number, isGroup: boolean, perRow: Float64Array, signedPerRow: Float64Array): ImportanceScoreValue {
  const magnitude = meanAndStd(perRow.map(Math.abs));
  return {
    targetKind: 'FEATURE',
    layer: null,
    index,
    name,
    value: magnitude.mean,
    std: magnitude.std,
    signedValue: meanAndStd(signedPerRow).mean,
    isGroup,
  };
}
