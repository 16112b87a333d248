import { createRandom } from '../core/random.js';

/** A generated numeric table: row-major features and one target per row. */
export interface SyntheticTable {
  featureNames: string[];
  /** Row-major [rows × featureNames.length]. */
  features: Float64Array;
  target: Float64Array;
}

/**
 * Generates Friedman's first regression problem (Friedman 1991, "Multivariate
 * adaptive regression splines"): ten features x1…x10 uniform on [0, 1] and
 * y = 10·sin(π·x1·x2) + 20·(x3 − 0.5)² + 10·x4 + 5·x5 + noise·N(0, 1).
 * Only x1…x5 enter the target, which makes it a ground truth for importance.
 */
export function friedman1(rows: number, noise: number, seed: number): SyntheticTable {
  const featureCount = 10;
  const random = createRandom(seed);
  const features = new Float64Array(rows * featureCount);
  const target = new Float64Array(rows);

  for (let r = 0; r < rows; r++) {
    const x = features.subarray(r * featureCount, (r + 1) * featureCount);
    for (let j = 0; j < featureCount; j++) x[j] = random.next();
    target[r] = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + noise * random.normal();
  }

  const featureNames = Array.from({ length: featureCount }, (_, j) => `x${j + 1}`);
  return { featureNames, features, target };
}
