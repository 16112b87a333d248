import type { IntegrationMethod } from './types.js';

/** Points α ∈ [0, 1] and weights of a quadrature rule for ∫₀¹ g(α) dα ≈ Σ w·g(α). */
export interface Quadrature {
  alphas: Float64Array;
  weights: Float64Array;
}

/** Returns the n-point rule of the given method, with alphas ascending. */
export function quadrature(method: IntegrationMethod, n: number): Quadrature {
  return method === 'gausslegendre' ? gaussLegendre(n) : trapezoid(n);
}

/** Returns the trapezoid rule on n equally spaced points including both ends. */
function trapezoid(n: number): Quadrature {
  const alphas = new Float64Array(n);
  const weights = new Float64Array(n).fill(1 / (n - 1));
  for (let k = 0; k < n; k++) alphas[k] = k / (n - 1);
  weights[0] /= 2;
  weights[n - 1] /= 2;
  return { alphas, weights };
}

/**
 * Gauss-Legendre nodes on [0, 1]: roots of the Legendre polynomial P_n found
 * by Newton's method from the Chebyshev-like initial guesses, exact for
 * polynomials of degree up to 2n − 1.
 */
function gaussLegendre(n: number): Quadrature {
  const alphas = new Float64Array(n);
  const weights = new Float64Array(n);

  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let iteration = 0; iteration < 100; iteration++) {
      const { value, slope } = legendre(n, z);
      const step = value / slope;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    const derivative = legendre(n, z).slope;

    // Map ±z from [−1, 1] to [0, 1], halving the weight with the interval.
    const weight = 1 / ((1 - z * z) * derivative * derivative);
    alphas[i] = (1 - z) / 2;
    alphas[n - 1 - i] = (1 + z) / 2;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  return { alphas, weights };
}

/** Evaluates P_n(z) and P_n'(z) by the three-term recurrence. */
function legendre(n: number, z: number): { value: number; slope: number } {
  let current = 1;
  let previous = 0;
  for (let j = 1; j <= n; j++) {
    const older = previous;
    previous = current;
    current = ((2 * j - 1) * z * previous - (j - 1) * older) / j;
  }
  return { value: current, slope: (n * (z * current - previous)) / (z * z - 1) };
}
