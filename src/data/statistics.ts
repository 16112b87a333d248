/**
 * Statistics of one encoded feature. `mean`, `std`, `min` and `max` cover all
 * rows; `trainMean` and `trainStd` cover the training split, which is what
 * models standardize with. Standard deviations are population values (divided
 * by n, as scikit-learn's StandardScaler does).
 */
export interface FeatureStatistics {
  name: string;
  mean: number;
  std: number;
  min: number;
  max: number;
  trainMean: number;
  trainStd: number;
}

/** Computes per-feature statistics of a row-major matrix with two passes over the rows. */
export function computeFeatureStatistics(X: Float64Array, featureNames: string[], trainRows: Int32Array): FeatureStatistics[] {
  const featureCount = featureNames.length;
  const rowCount = featureCount === 0 ? 0 : X.length / featureCount;

  const all = meanAndStd(X, featureCount, rowCount, null);
  const train = meanAndStd(X, featureCount, trainRows.length, trainRows);
  const min = new Float64Array(featureCount).fill(Infinity);
  const max = new Float64Array(featureCount).fill(-Infinity);
  for (let r = 0; r < rowCount; r++) {
    for (let j = 0; j < featureCount; j++) {
      const value = X[r * featureCount + j];
      if (value < min[j]) min[j] = value;
      if (value > max[j]) max[j] = value;
    }
  }

  return featureNames.map((name, j) => ({
    name,
    mean: all.mean[j],
    std: all.std[j],
    min: min[j],
    max: max[j],
    trainMean: train.mean[j],
    trainStd: train.std[j],
  }));
}

// Means and population standard deviations over `rows` (all rows when null).
function meanAndStd(X: Float64Array, featureCount: number, count: number, rows: Int32Array | null): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(featureCount);
  const std = new Float64Array(featureCount);
  if (count === 0) return { mean, std };

  for (let i = 0; i < count; i++) {
    const start = (rows ? rows[i] : i) * featureCount;
    for (let j = 0; j < featureCount; j++) mean[j] += X[start + j];
  }
  for (let j = 0; j < featureCount; j++) mean[j] /= count;

  for (let i = 0; i < count; i++) {
    const start = (rows ? rows[i] : i) * featureCount;
    for (let j = 0; j < featureCount; j++) {
      const deviation = X[start + j] - mean[j];
      std[j] += deviation * deviation;
    }
  }
  for (let j = 0; j < featureCount; j++) std[j] = Math.sqrt(std[j] / count);
  return { mean, std };
}
