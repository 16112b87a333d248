import type { Random } from '../core/random.js';

/** Coalitions of M players for Kernel SHAP, with their regression weights. */
export interface Coalitions {
  players: number;
  count: number;
  /** Row-major [count × players], 1 where the player is in the coalition. */
  masks: Uint8Array;
  /** Shapley kernel weights, summing to 1. */
  weights: Float64Array;
  /** True when every coalition of 1..M−1 players is present, which makes the solution exact. */
  exact: boolean;
}

/**
 * Returns coalitions for Kernel SHAP (Lundberg and Lee 2017). When the budget
 * covers all 2^M − 2 proper non-empty coalitions, they are enumerated with the
 * Shapley kernel weight (M − 1) / (C(M, s)·s·(M − s)). Otherwise sizes are
 * taken in pairs (s, M − s), from the heaviest (s = 1) inward: a pair whose
 * share of the budget covers all its coalitions is enumerated, as shap's
 * KernelExplainer does, and the remaining budget samples a size pair by its
 * kernel mass, a random coalition of that size and its complement.
 */
export function shapleyCoalitions(players: number, budget: number, random: Random): Coalitions {
  if (players < 2) return { players, count: 0, masks: new Uint8Array(0), weights: new Float64Array(0), exact: true };
  if (players < 31 && 2 ** players - 2 <= budget) return allCoalitions(players);
  return mixedCoalitions(players, budget, random);
}

function allCoalitions(players: number): Coalitions {
  const count = 2 ** players - 2;
  const masks = new Uint8Array(count * players);
  const weights = new Float64Array(count);

  for (let code = 1; code <= count; code++) {
    let size = 0;
    for (let p = 0; p < players; p++) {
      const bit = (code >>> p) & 1;
      masks[(code - 1) * players + p] = bit;
      size += bit;
    }
    weights[code - 1] = (players - 1) / (binomial(players, size) * size * (players - size));
  }
  return { players, count, masks, weights: normalize(weights), exact: true };
}

function mixedCoalitions(players: number, budget: number, random: Random): Coalitions {
  const pairMass = sizePairMasses(players);
  const collected = new CoalitionList(players);
  let remainingBudget = budget;
  let remainingMass = 1;
  let size = 1;

  for (; size < pairMass.length; size++) {
    const paired = size !== players - size;
    const coalitionCount = binomial(players, size) * (paired ? 2 : 1);
    if (remainingBudget * (pairMass[size] / remainingMass) < coalitionCount - 1e-8) break;

    const weight = pairMass[size] / coalitionCount;
    forEachCombination(players, size, (mask) => {
      collected.add(mask, weight);
      if (paired) collected.add(complement(mask), weight);
    });
    remainingBudget -= coalitionCount;
    remainingMass -= pairMass[size];
  }

  if (size < pairMass.length && remainingBudget > 0) sampleRemaining(collected, pairMass, size, remainingBudget, remainingMass, random);
  return collected.toCoalitions(false);
}

/** Draws coalitions of the size pairs from `firstSize` on and gives them `mass` in proportion to how often each was drawn. */
function sampleRemaining(collected: CoalitionList, pairMass: Float64Array, firstSize: number, budget: number, mass: number, random: Random): void {
  const players = collected.players;
  const sampled = new CoalitionList(players);
  let pairTotal = 0;
  for (let s = firstSize; s < pairMass.length; s++) pairTotal += pairMass[s];

  // Like shap, stop after 4 × budget draws when most draws repeat coalitions already taken.
  for (let draw = 0; draw < 4 * budget && sampled.count < budget; draw++) {
    const size = drawSize(pairMass, firstSize, pairTotal, random);
    const mask = randomCombination(players, size, random);
    sampled.add(mask, 1);
    sampled.add(complement(mask), 1);
  }

  const totalDraws = sampled.totalWeight();
  sampled.forEach((mask, weight) => collected.add(mask, (weight / totalDraws) * mass));
}

/** Returns the kernel mass of each size pair s = 1..floor(M/2), normalized; index 0 is unused. */
function sizePairMasses(players: number): Float64Array {
  const masses = new Float64Array(Math.floor(players / 2) + 1);
  for (let size = 1; size < masses.length; size++) {
    const perSize = (players - 1) / (size * (players - size));
    masses[size] = size === players - size ? perSize : 2 * perSize;
  }
  const total = masses.reduce((sum, value) => sum + value, 0);
  return masses.map((value) => value / total);
}

function drawSize(pairMass: Float64Array, firstSize: number, total: number, random: Random): number {
  let u = random.next() * total;
  for (let size = firstSize; size < pairMass.length; size++) {
    u -= pairMass[size];
    if (u < 0) return size;
  }
  return pairMass.length - 1;
}

function randomCombination(players: number, size: number, random: Random): Uint8Array {
  const order = Array.from({ length: players }, (_, p) => p);
  const mask = new Uint8Array(players);
  for (let i = 0; i < size; i++) {
    const j = i + random.int(players - i);
    [order[i], order[j]] = [order[j], order[i]];
    mask[order[i]] = 1;
  }
  return mask;
}

function forEachCombination(players: number, size: number, visit: (mask: Uint8Array) => void): void {
  const chosen = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    const mask = new Uint8Array(players);
    for (const p of chosen) mask[p] = 1;
    visit(mask);

    let i = size - 1;
    while (i >= 0 && chosen[i] === players - size + i) i--;
    if (i < 0) return;
    chosen[i]++;
    for (let k = i + 1; k < size; k++) chosen[k] = chosen[k - 1] + 1;
  }
}

function complement(mask: Uint8Array): Uint8Array {
  return mask.map((bit) => 1 - bit);
}

/** Returns C(n, k) as a float, which is exact below 2^53 and only compared with budgets above that. */
export function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

function normalize(values: Float64Array): Float64Array {
  const total = values.reduce((sum, value) => sum + value, 0);
  return values.map((value) => value / total);
}

/** Distinct coalitions with accumulated weights, in insertion order. */
class CoalitionList {
  private readonly entries = new Map<string, { mask: Uint8Array; weight: number }>();

  constructor(readonly players: number) {}

  get count(): number {
    return this.entries.size;
  }

  add(mask: Uint8Array, weight: number): void {
    const key = mask.join('');
    const entry = this.entries.get(key);
    if (entry) entry.weight += weight;
    else this.entries.set(key, { mask, weight });
  }

  totalWeight(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.weight;
    return total;
  }

  forEach(visit: (mask: Uint8Array, weight: number) => void): void {
    for (const entry of this.entries.values()) visit(entry.mask, entry.weight);
  }

  toCoalitions(exact: boolean): Coalitions {
    const masks = new Uint8Array(this.count * this.players);
    const weights = new Float64Array(this.count);
    let k = 0;
    this.forEach((mask, weight) => {
      masks.set(mask, k * this.players);
      weights[k++] = weight;
    });
    return { players: this.players, count: this.count, masks, weights: normalize(weights), exact };
  }
}
