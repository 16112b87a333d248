import { createRandom, deriveSeed } from '../core/random.js';
import { selectRows, type Matrix } from '../ml/matrix.js';
import { shapleyCoalitions, type Coalitions } from './coalitions.js';
import { weightedLeastSquares } from './linalg.js';
import { chunkRows, explainedValue, predictorOf } from './output.js';
import { resolveOptions } from './options.js';
import { buildPlayers, spreadOverColumns, type Player } from './players.js';
import { rowAttributionResult, selfCheck } from './result.js';
import { explainedRows, type ExplainedRows } from './rows.js';
import { sampleRowIndices } from './sampling.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult, ResolvedOptions } from './types.js';

/** One explained row: its varying players, coalitions and the coalition values f(z) once evaluated. */
interface RowPlan {
  row: number;
  /** Indices into the player list of players whose columns differ from some background row. */
  varying: number[];
  coalitions: Coalitions;
  values: Float64Array;
  expected: number;
}

/**
 * Kernel SHAP (Lundberg and Lee 2017, "A unified approach to interpreting
 * model predictions"). A coalition z keeps the row's values for its players
 * and takes the other columns from each background row. f(z) is the mean of
 * the explained output over the background sample, 100 rows by default drawn
 * with the seed. The Shapley values solve the weighted least squares with the
 * Shapley kernel, and the efficiency constraint Σφ = f(x) − E[f(background)] is
 * enforced exactly by eliminating the last player, as shap does; no L1 feature
 * selection is applied. A one-hot group is one player; its columns share its
 * value equally. Players whose columns equal every background row get exactly 0.
 */
export const kernelShap: ImportanceMethod = {
  name: 'KERNEL_SHAP',
  targetKind: 'FEATURE',
  defaults: {},
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, kernelShap.defaults);
    const rows = explainedRows(input, options);
    const players = buildPlayers(input.network.inputSize, input.featureNames, input.featureGroups ?? []);
    const background = selectRows(input.background, sampleRowIndices(input.background.rows, options.backgroundSize, deriveSeed(input.seed, 'background')));
    const budget = options.shapSamples ?? 2 * players.length + 2048;

    const plans = planRows(input, options, rows, players, background, budget);
    evaluateCoalitions(input, options, rows, players, background, plans);

    const playerValues = new Float64Array(rows.x.rows * players.length);
    const delta = new Float64Array(rows.x.rows);
    let scale = 0;
    for (const plan of plans) {
      const shapley = solveRow(plan, rows.outputs[plan.row] - plan.expected);
      let total = 0;
      plan.varying.forEach((p, v) => {
        playerValues[plan.row * players.length + p] = shapley[v];
        total += shapley[v];
      });
      delta[plan.row] = total - (rows.outputs[plan.row] - plan.expected);
      scale = Math.max(scale, Math.abs(rows.outputs[plan.row]), Math.abs(plan.expected));
    }

    const maxGap = delta.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    const exactRows = plans.filter((plan) => plan.coalitions.exact).length;
    const notes = [
      `${background.rows} background rows; up to ${budget} coalitions per row; ${exactRows} of ${plans.length} rows enumerated every coalition`,
      'a feature group is one player and its columns share its Shapley value equally',
    ];
    return rowAttributionResult(input, {
      method: 'KERNEL_SHAP',
      options: { ...options, backgroundSize: background.rows, shapSamples: budget },
      rows,
      values: spreadOverColumns(playerValues, rows.x.rows, players, input.network.inputSize),
      combination: 'sum',
      startedAt,
      checks: [selfCheck('efficiency_max_gap', maxGap, 1e-3 * scale, 'max over rows of |Σφ − (f(x) − E[f(background)])|; tolerance 1e-3 of the largest |output|')],
      notes,
      convergenceDelta: delta,
    });
  },
};

function planRows(input: ExplainInput, options: ResolvedOptions, rows: ExplainedRows, players: Player[], background: Matrix, budget: number): RowPlan[] {
  const backgroundOutputs = predictorOf(input)(input.network, background, options.batchSize);
  return rows.indices.map((dataRow, row) => {
    const varying = varyingPlayers(rows.x, row, players, background);
    const random = createRandom(deriveSeed(input.seed, `coalitions/${dataRow}`));
    const coalitions = shapleyCoalitions(varying.length, budget, random);

    let expected = 0;
    for (let b = 0; b < background.rows; b++) expected += explainedValue(input.task, backgroundOutputs, b, rows.classes[row]);
    return { row, varying, coalitions, values: new Float64Array(coalitions.count), expected: expected / background.rows };
  });
}

function varyingPlayers(x: Matrix, row: number, players: Player[], background: Matrix): number[] {
  const cols = x.cols;
  const varying: number[] = [];
  players.forEach((player, p) => {
    for (let b = 0; b < background.rows; b++) {
      if (player.columns.some((c) => background.values[b * cols + c] !== x.values[row * cols + c])) {
        varying.push(p);
        return;
      }
    }
  });
  return varying;
}

/**
 * Evaluates f(z) for every coalition of every row. Coalition × background rows
 * are packed into matrices of up to MAX_CHUNK_VALUES values, across rows, so
 * the predictor runs on large batches.
 */
function evaluateCoalitions(input: ExplainInput, options: ResolvedOptions, rows: ExplainedRows, players: Player[], background: Matrix, plans: RowPlan[]): void {
  const cols = rows.x.cols;
  const perChunk = Math.max(1, Math.floor(chunkRows(cols, background.rows) / background.rows));
  const buffer = new Float32Array(perChunk * background.rows * cols);
  let pending: Array<{ plan: RowPlan; coalition: number }> = [];

  const flush = (): void => {
    if (pending.length === 0) return;
    const matrix: Matrix = { rows: pending.length * background.rows, cols, values: buffer.subarray(0, pending.length * background.rows * cols) };
    const outputs = predictorOf(input)(input.network, matrix, options.batchSize);
    pending.forEach(({ plan, coalition }, slot) => {
      let total = 0;
      for (let b = 0; b < background.rows; b++) total += explainedValue(input.task, outputs, slot * background.rows + b, rows.classes[plan.row]);
      plan.values[coalition] = total / background.rows;
    });
    pending = [];
  };

  for (const plan of plans) {
    for (let k = 0; k < plan.coalitions.count; k++) {
      writeCoalition(buffer, pending.length, rows.x, plan, k, players, background);
      pending.push({ plan, coalition: k });
      if (pending.length === perChunk) flush();
    }
  }
  flush();
}

/** Writes the background rows with the coalition's players set to the explained row's values into slot `slot` of the buffer. */
function writeCoalition(buffer: Float32Array, slot: number, x: Matrix, plan: RowPlan, coalition: number, players: Player[], background: Matrix): void {
  const cols = x.cols;
  const start = slot * background.rows * cols;
  buffer.set(background.values, start);
  const m = plan.varying.length;

  plan.varying.forEach((p, v) => {
    if (!plan.coalitions.masks[coalition * m + v]) return;
    for (let b = 0; b < background.rows; b++) {
      for (const c of players[p].columns) buffer[start + b * cols + c] = x.values[plan.row * cols + c];
    }
  });
}

/**
 * Solves the constrained weighted least squares for one row. With φ_last =
 * Δ − Σ_{j<last} φ_j substituted, the regression of f(z) − E[f] − z_last·Δ on
 * z_j − z_last has no constraint left.
 */
function solveRow(plan: RowPlan, delta: number): Float64Array {
  const m = plan.varying.length;
  if (m === 0) return new Float64Array(0);
  if (m === 1) return Float64Array.of(delta);

  const { masks, weights, count } = plan.coalitions;
  const reduced = m - 1;
  const design = new Float64Array(count * reduced);
  const response = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const last = masks[k * m + reduced];
    for (let j = 0; j < reduced; j++) design[k * reduced + j] = masks[k * m + j] - last;
    response[k] = plan.values[k] - plan.expected - last * delta;
  }

  const head = weightedLeastSquares(design, response, weights, count, reduced);
  const shapley = new Float64Array(m);
  shapley.set(head);
  shapley[reduced] = delta - head.reduce((sum, value) => sum + value, 0);
  return shapley;
}
