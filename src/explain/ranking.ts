import type { ImportanceScoreValue, RankedScoreValue } from './types.js';

/**
 * Ranks scores within their family (1 = highest value): single features among
 * features, groups among groups, and neurons within their layer, since unit
 * scores of different layers are on different scales. Ties keep index order,
 * so ranks are distinct. The score order is unchanged.
 */
export function rankScores(scores: ImportanceScoreValue[]): RankedScoreValue[] {
  const families = new Map<string, number[]>();
  scores.forEach((score, position) => {
    const family = familyOf(score);
    const members = families.get(family) ?? [];
    members.push(position);
    families.set(family, members);
  });

  const ranks = new Array<number>(scores.length);
  for (const members of families.values()) {
    members
      .sort((a, b) => scores[b].value - scores[a].value || scores[a].index - scores[b].index)
      .forEach((position, order) => (ranks[position] = order + 1));
  }
  return scores.map((score, position) => ({ ...score, rank: ranks[position] }));
}

function familyOf(score: ImportanceScoreValue): string {
  if (score.targetKind === 'NEURON') return `neuron/${score.layer}`;
  return score.isGroup ? 'group' : 'feature';
}
