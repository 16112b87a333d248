import { compareExplanations, type ExplanationEntry } from '../explain/compare.js';

/** The ExplanationComparison of the API: the measures plus both values of every feature. */
export interface ComparisonView {
  method: string;
  spearman: number | null;
  kendall: number | null;
  featureAgreement: number;
  rankAgreement: number;
  signAgreement: number;
  k: number;
  fidelity: number | null;
  features: Array<{ name: string; base: number; other: number; baseRank: number; otherRank: number }>;
}

/** Returns 1-based ranks by descending |value|, ties broken by name for a stable order. */
function ranksByMagnitude(entries: Array<{ name: string; value: number }>): Map<string, number> {
  const sorted = [...entries].sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.name.localeCompare(b.name));
  return new Map(sorted.map((entry, index) => [entry.name, index + 1]));
}

/**
 * Compares two explanations over the union of their features, a feature that
 * one model does not use counting as importance 0 for it.
 */
export function compareView(method: string, base: ExplanationEntry[], other: ExplanationEntry[], k: number, fidelity: number | null): ComparisonView {
  const measures = compareExplanations(base, other, { k });
  const names = [...new Set([...base.map((e) => e.name), ...other.map((e) => e.name)])];
  const baseValue = new Map(base.map((e) => [e.name, e.value]));
  const otherValue = new Map(other.map((e) => [e.name, e.value]));
  const aligned = names.map((name) => ({ name, base: baseValue.get(name) ?? 0, other: otherValue.get(name) ?? 0 }));
  const baseRanks = ranksByMagnitude(aligned.map(({ name, base: value }) => ({ name, value })));
  const otherRanks = ranksByMagnitude(aligned.map(({ name, other: value }) => ({ name, value })));

  return {
    method,
    spearman: measures.spearman,
    kendall: measures.kendallTau,
    featureAgreement: measures.featureAgreement,
    rankAgreement: measures.rankAgreement,
    signAgreement: measures.signAgreement,
    k: measures.k,
    fidelity,
    features: aligned
      .map((feature) => ({ ...feature, baseRank: baseRanks.get(feature.name)!, otherRank: otherRanks.get(feature.name)! }))
      .sort((a, b) => a.baseRank - b.baseRank),
  };
}
