import { ExplainValidationError } from './errors.js';

/** One feature's importance in an explanation; `signedValue` falls back to `value` for sign agreement. */
export interface ExplanationEntry {
  name: string;
  value: number;
  signedValue?: number | null;
}

/** How far two explanations of the same rows agree. */
export interface ExplanationComparison {
  /** Size of the union of both feature sets. */
  featureCount: number;
  /** The k used by the top-k measures, after clamping to the feature count. */
  k: number;
  /** Null when either vector is constant, where the correlation is undefined. */
  spearman: number | null;
  /** Kendall τ-b; null when either vector is constant. */
  kendallTau: number | null;
  featureAgreement: number;
  rankAgreement: number;
  signAgreement: number;
}

/** The default k of the top-k measures. */
export const DEFAULT_TOP_K = 5;

/**
 * Compares two explanations over the union of their features, a feature
 * missing from one counting as importance 0 there (a model that dropped a
 * feature does not use it). Correlations use `value` as given, ties taking
 * average ranks. The top-k measures order features by |value|, ties in union
 * order (features of `a` first), with k (default 5) clamped to the feature
 * count: feature agreement |topk(A) ∩ topk(B)| / k and rank agreement, the
 * share of the k positions holding the same feature (Krishna et al. 2022,
 * "The disagreement problem in explainable machine learning"), and sign
 * agreement, the features of both top-k sets whose signed values have the same
 * sign, divided by k as Krishna et al. define it.
 */
export function compareExplanations(a: ExplanationEntry[], b: ExplanationEntry[], options: { k?: number } = {}): ExplanationComparison {
  const entriesA = indexByName('a', a);
  const entriesB = indexByName('b', b);
  const names = [...entriesA.keys(), ...[...entriesB.keys()].filter((name) => !entriesA.has(name))];
  if (names.length === 0) throw new ExplainValidationError('both explanations are empty; pass at least one feature score');

  const requested = options.k ?? DEFAULT_TOP_K;
  if (!Number.isInteger(requested) || requested < 1) throw new ExplainValidationError(`k ${requested} is invalid; use a positive integer`);
  const k = Math.min(requested, names.length);

  const valuesA = names.map((name) => entriesA.get(name)?.value ?? 0);
  const valuesB = names.map((name) => entriesB.get(name)?.value ?? 0);
  const topA = topK(valuesA, k);
  const topB = topK(valuesB, k);
  const inB = new Set(topB);
  const common = topA.filter((feature) => inB.has(feature));

  const signOf = (entries: Map<string, ExplanationEntry>, feature: number) => {
    const entry = entries.get(names[feature]);
    return Math.sign(entry ? (entry.signedValue ?? entry.value) : 0);
  };

  return {
    featureCount: names.length,
    k,
    spearman: spearman(valuesA, valuesB),
    kendallTau: kendallTauB(valuesA, valuesB),
    featureAgreement: common.length / k,
    rankAgreement: topA.filter((feature, position) => topB[position] === feature).length / k,
    signAgreement: common.filter((feature) => signOf(entriesA, feature) === signOf(entriesB, feature)).length / k,
  };
}

/** Returns Spearman's ρ, the Pearson correlation of average ranks; null when either vector is constant. */
export function spearman(a: number[], b: number[]): number | null {
  return pearson(averageRanks(a), averageRanks(b));
}

/**
 * Returns Kendall's τ-b = (concordant − discordant) / sqrt((n0 − n1)(n0 − n2)),
 * n0 = n(n − 1)/2 and n1, n2 the pairs tied in a and b; null when either vector is constant.
 */
export function kendallTauB(a: number[], b: number[]): number | null {
  const n = a.length;
  let score = 0;
  let tiedA = 0;
  let tiedB = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const signA = Math.sign(a[i] - a[j]);
      const signB = Math.sign(b[i] - b[j]);
      if (signA === 0) tiedA++;
      if (signB === 0) tiedB++;
      score += signA * signB;
    }
  }

  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiedA) * (pairs - tiedB));
  return denominator > 0 ? score / denominator : null;
}

/** Returns 1-based ranks, tied values sharing the mean of their positions. */
export function averageRanks(values: number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);

  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]] = rank;
    start = end + 1;
  }
  return ranks;
}

function pearson(a: number[], b: number[]): number | null {
  const n = a.length;
  const meanA = a.reduce((sum, value) => sum + value, 0) / n;
  const meanB = b.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let i = 0; i < n; i++) {
    covariance += (a[i] - meanA) * (b[i] - meanB);
    varianceA += (a[i] - meanA) ** 2;
    varianceB += (b[i] - meanB) ** 2;
  }
  return varianceA > 0 && varianceB > 0 ? covariance / Math.sqrt(varianceA * varianceB) : null;
}

/** Returns the positions of the k largest |values|, largest first, ties in position order. */
function topK(values: number[], k: number): number[] {
  return values
    .map((_, i) => i)
    .sort((i, j) => Math.abs(values[j]) - Math.abs(values[i]) || i - j)
    .slice(0, k);
}

function indexByName(label: string, entries: ExplanationEntry[]): Map<string, ExplanationEntry> {
  const byName = new Map<string, ExplanationEntry>();
  for (const entry of entries) {
    if (byName.has(entry.name)) throw new ExplainValidationError(`explanation ${label} lists feature ${entry.name} twice; pass one score per feature`);
    if (!Number.isFinite(entry.value)) throw new ExplainValidationError(`explanation ${label} has value ${entry.value} for ${entry.name}; pass finite scores`);
    byName.set(entry.name, entry);
  }
  return byName;
}
