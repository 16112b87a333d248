/** Returns the median of the values (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list is undefined; pass at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Returns the p-th percentile (0 ≤ p ≤ 100) with linear interpolation between
 * closest ranks, as NumPy's default `percentile` does.
 */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list is undefined; pass at least one value');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is invalid; use a value in [0, 100]`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** Growth of a cost with size: the least-squares slope of log(cost) against log(size). */
export interface GrowthFit {
  /** Fitted exponent b of cost ≈ a · size^b. */
  exponent: number;
  /** Coefficient of determination of the log-log fit. */
  r2: number;
  points: Array<{ size: number; value: number }>;
}

/** Fits cost ≈ a · size^b by least squares on log-log axes; needs at least two distinct positive sizes. */
export function fitGrowth(points: Array<{ size: number; value: number }>): GrowthFit {
  const usable = points.filter((point) => point.size > 0 && point.value > 0);
  const xs = usable.map((point) => Math.log(point.size));
  const ys = usable.map((point) => Math.log(point.value));
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;

  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxx += (xs[i] - meanX) ** 2;
    sxy += (xs[i] - meanX) * (ys[i] - meanY);
    syy += (ys[i] - meanY) ** 2;
  }
  if (usable.length < 2 || sxx === 0) {
    throw new RangeError(`a growth fit needs at least two distinct positive sizes with positive costs; got ${JSON.stringify(points)}`);
  }

  const exponent = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent, r2, points };
}

/** Rounds to `digits` significant digits, for printed and stored figures. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
