import { createRandom, deriveSeed, type Random } from '../core/random.js';
import type { Matrix } from '../ml/matrix.js';
import { weightedLeastSquares } from './linalg.js';
import { chunkRows, explainedValue, predictorOf } from './output.js';
import { resolveOptions } from './options.js';
import { buildPlayers, spreadOverColumns, type Player } from './players.js';
import { rowAttributionResult } from './result.js';
import { explainedRows, type ExplainedRows } from './rows.js';
import { columnMeans, columnStds } from './sampling.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult, ResolvedOptions } from './types.js';

/** Background statistics and players shared by every row of one LIME run. */
interface LimeSetup {
  players: Player[];
  means: Float64Array;
  stds: Float64Array;
  width: number;
  samples: number;
}

/** Perturbed samples of one row: network inputs and the interpretable design the ridge fit uses. */
interface Neighbourhood {
  inputs: Float32Array;
  /** Row-major [samples × players]. */
  design: Float64Array;
  weights: Float64Array;
}

/**
 * LIME (Ribeiro et al. 2016, "Why should I trust you?"), tabular and without
 * discretization. Around each row, a single column is perturbed as
 * x_j + σ_j·N(0, 1) with σ_j the background standard deviation and enters the
 * fit standardized, (value − μ_j)/σ_j. A one-hot group takes the values of a
 * random background row (sampling categories by their frequency) and enters as
 * 1 when it equals the row's category, else 0, as lime does for categorical
 * features. The first sample is the row itself. Samples are weighted by
 * sqrt(exp(−d²/width²)), with d the Euclidean distance in that design space
 * and width 0.75·sqrt(M) by default. A weighted ridge fit (alpha 1, with
 * intercept) gives one coefficient per player as its attribution, and a
 * group's columns share it equally. Columns constant in the background score
 * exactly 0.
 */
export const lime: ImportanceMethod = {
  name: 'LIME',
  targetKind: 'FEATURE',
  defaults: {},
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, lime.defaults);
    const rows = explainedRows(input, options);
    const players = buildPlayers(input.network.inputSize, input.featureNames, input.featureGroups ?? []);
    const means = columnMeans(input.background);
    const setup: LimeSetup = {
      players,
      means,
      stds: columnStds(input.background, means),
      width: options.kernelWidth ?? 0.75 * Math.sqrt(players.length),
      samples: options.limeSamples,
    };

    const { coefficients, fitR2 } = explainAll(input, options, rows, setup);
    const meanR2 = fitR2.reduce((sum, value) => sum + value, 0) / Math.max(1, fitR2.length);
    const notes = [
      `${setup.samples} samples per row, kernel width ${setup.width.toPrecision(4)}, ridge alpha ${options.ridgeAlpha}`,
      'single columns are perturbed with Gaussian noise scaled by the background standard deviation and fitted standardized; a feature group is one player with values drawn from the background',
      `mean weighted R² of the local ridge fits: ${meanR2.toFixed(4)}`,
    ];
    return rowAttributionResult(input, {
      method: 'LIME',
      options: { ...options, kernelWidth: setup.width },
      rows,
      values: spreadOverColumns(coefficients, rows.x.rows, players, input.network.inputSize),
      combination: 'sum',
      startedAt,
      notes,
    });
  },
};

/** Fits every row, packing the samples of several rows into one predictor call. */
function explainAll(input: ExplainInput, options: ResolvedOptions, rows: ExplainedRows, setup: LimeSetup): { coefficients: Float64Array; fitR2: number[] } {
  const cols = rows.x.cols;
  const playerCount = setup.players.length;
  const coefficients = new Float64Array(rows.x.rows * playerCount);
  const fitR2: number[] = [];
  const rowsPerChunk = Math.max(1, Math.floor(chunkRows(cols, setup.samples) / setup.samples));

  for (let start = 0; start < rows.x.rows; start += rowsPerChunk) {
    const end = Math.min(rows.x.rows, start + rowsPerChunk);
    const neighbourhoods: Neighbourhood[] = [];
    const inputs = new Float32Array((end - start) * setup.samples * cols);
    for (let r = start; r < end; r++) {
      const random = createRandom(deriveSeed(input.seed, `lime/${rows.indices[r]}`));
      const neighbourhood = perturb(rows.x, r, input.background, setup, random);
      inputs.set(neighbourhood.inputs, (r - start) * setup.samples * cols);
      neighbourhoods.push(neighbourhood);
    }

    const outputs = predictorOf(input)(input.network, { rows: (end - start) * setup.samples, cols, values: inputs }, options.batchSize);
    neighbourhoods.forEach((neighbourhood, i) => {
      const r = start + i;
      const response = new Float64Array(setup.samples);
      for (let s = 0; s < setup.samples; s++) response[s] = explainedValue(input.task, outputs, i * setup.samples + s, rows.classes[r]);
      const fit = ridgeFit(neighbourhood, response, playerCount, options.ridgeAlpha);
      coefficients.set(fit.coefficients, r * playerCount);
      fitR2.push(fit.r2);
    });
  }
  return { coefficients, fitR2 };
}

function perturb(x: Matrix, row: number, background: Matrix, setup: LimeSetup, random: Random): Neighbourhood {
  const cols = x.cols;
  const playerCount = setup.players.length;
  const original = x.values.subarray(row * cols, (row + 1) * cols);
  const inputs = new Float32Array(setup.samples * cols);
  const design = new Float64Array(setup.samples * playerCount);

  for (let s = 0; s < setup.samples; s++) {
    const sample = inputs.subarray(s * cols, (s + 1) * cols);
    sample.set(original);
    setup.players.forEach((player, p) => {
      design[s * playerCount + p] = s === 0 ? designOfOriginal(player, original, setup) : perturbPlayer(player, sample, original, background, setup, random);
    });
  }

  const weights = new Float64Array(setup.samples);
  for (let s = 0; s < setup.samples; s++) {
    let squared = 0;
    for (let p = 0; p < playerCount; p++) squared += (design[s * playerCount + p] - design[p]) ** 2;
    weights[s] = Math.sqrt(Math.exp(-squared / (setup.width * setup.width)));
  }
  return { inputs, design, weights };
}

function designOfOriginal(player: Player, original: Float32Array, setup: LimeSetup): number {
  if (player.isGroup) return 1;
  const column = player.columns[0];
  return setup.stds[column] > 0 ? (original[column] - setup.means[column]) / setup.stds[column] : 0;
}

/** Perturbs one player in `sample` and returns its design value. */
function perturbPlayer(player: Player, sample: Float32Array, original: Float32Array, background: Matrix, setup: LimeSetup, random: Random): number {
  if (player.isGroup) {
    const donor = random.int(background.rows) * background.cols;
    let same = true;
    for (const column of player.columns) {
      sample[column] = background.values[donor + column];
      if (sample[column] !== original[column]) same = false;
    }
    return same ? 1 : 0;
  }

  const column = player.columns[0];
  const std = setup.stds[column];
  if (std === 0) return 0;
  sample[column] = original[column] + std * random.normal();
  return (sample[column] - setup.means[column]) / std;
}

/**
 * Weighted ridge regression with an unpenalized intercept: design and response
 * are centered by their weighted means first, as scikit-learn's Ridge does with
 * sample weights. Players whose design column is constant get exactly 0.
 */
function ridgeFit(neighbourhood: Neighbourhood, response: Float64Array, playerCount: number, alpha: number): { coefficients: Float64Array; r2: number } {
  const { design, weights } = neighbourhood;
  const samples = response.length;
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const active = activePlayers(design, samples, playerCount);

  const centeredDesign = new Float64Array(samples * active.length);
  const designMeans = active.map((p) => weightedMean(samples, weights, totalWeight, (s) => design[s * playerCount + p]));
  const responseMean = weightedMean(samples, weights, totalWeight, (s) => response[s]);
  const centeredResponse = response.map((y) => y - responseMean);
  for (let s = 0; s < samples; s++) {
    active.forEach((p, a) => (centeredDesign[s * active.length + a] = design[s * playerCount + p] - designMeans[a]));
  }

  const solution = weightedLeastSquares(centeredDesign, centeredResponse, weights, samples, active.length, alpha);
  const coefficients = new Float64Array(playerCount);
  active.forEach((p, a) => (coefficients[p] = solution[a]));
  return { coefficients, r2: weightedR2(centeredDesign, centeredResponse, weights, solution) };
}

function activePlayers(design: Float64Array, samples: number, playerCount: number): number[] {
  const active: number[] = [];
  for (let p = 0; p < playerCount; p++) {
    for (let s = 1; s < samples; s++) {
      if (design[s * playerCount + p] !== design[p]) {
        active.push(p);
        break;
      }
    }
  }
  return active;
}

function weightedMean(samples: number, weights: Float64Array, totalWeight: number, valueAt: (sample: number) => number): number {
  let sum = 0;
  for (let s = 0; s < samples; s++) sum += weights[s] * valueAt(s);
  return sum / totalWeight;
}

/** Returns the weighted R² of the centered fit; 1 for a response that does not vary. */
function weightedR2(design: Float64Array, response: Float64Array, weights: Float64Array, solution: Float64Array): number {
  const cols = solution.length;
  let residual = 0;
  let total = 0;
  for (let s = 0; s < response.length; s++) {
    let predicted = 0;
    for (let a = 0; a < cols; a++) predicted += design[s * cols + a] * solution[a];
    residual += weights[s] * (response[s] - predicted) ** 2;
    total += weights[s] * response[s] ** 2;
  }
  return total > 0 ? 1 - residual / total : 1;
}
