/**
 * Seeded pseudo-random numbers shared by every compute folder, so that every
 * random choice (splits, initialisation, shuffles, coalitions) is reproducible
 * from a recorded seed.
 */

/** A generator of uniform floats in [0, 1), created from a 32-bit seed. */
export interface Random {
  /** Returns the next uniform float in [0, 1). */
  next(): number;
  /** Returns a uniform integer in [0, n). */
  int(n: number): number;
  /** Returns a standard normal sample (Box-Muller). */
  normal(): number;
  /** Returns the seed this generator started from. */
  readonly seed: number;
}

/**
 * Creates a Mulberry32 generator: a 32-bit state, full period 2^32, fast and
 * good enough for shuffles and Monte Carlo sampling (not for cryptography).
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spareNormal: number | null = null;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    seed,
    next,
    int: (n: number) => Math.floor(next() * n),
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spareNormal = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Shuffles `values` in place with the Fisher-Yates algorithm and returns it. */
export function shuffleInPlace<T extends { length: number; [index: number]: any }>(values: T, random: Random): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
  return values;
}

/** Returns a new permutation of 0..n-1. */
export function permutation(n: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, random);
}

/** Derives an independent child seed from a seed and a label, for sub-streams. */
export function deriveSeed(seed: number, label: string): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
