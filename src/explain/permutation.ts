import { createRandom, deriveSeed, permutation as randomPermutation } from '../core/random.js';
import { selectRows, type Matrix } from '../ml/matrix.js';
import { chunkRows, predictorOf } from './output.js';
import { resolveOptions } from './options.js';
import { buildPlayers, type Player } from './players.js';
import { constantColumns, meanAndStd, sampleRowIndices } from './sampling.js';
import { scoreMetric, scoreOutputs, type ScoreMetric } from './scoring.js';
import type { ExplainInput, ImportanceMethod, ImportanceResult, ImportanceScoreValue, ResolvedOptions } from './types.js';

/** The evaluated rows and labels of one permutation run. */
interface PermutationSetup {
  x: Matrix;
  target: Float32Array;
  metric: ScoreMetric;
  baselineScore: number;
}

/**
 * Permutation importance (Breiman 2001, "Random forests"; scikit-learn's
 * `permutation_importance`): the model's score on the rows minus its score
 * with one player's columns shuffled. The score is R² for regression and
 * accuracy for classifiers. Scores are the mean and population std over
 * `repeats` shuffles (default 5), on every data row unless `samples` is set.
 * The columns of a one-hot group are shuffled with one shared row permutation
 * and reported as one group score, and each of its columns gets an equal
 * share. All shuffled copies of several players go into one matrix, so the
 * predictor runs a few times on large batches, never row by row. A player
 * whose columns are constant over the rows scores exactly 0 without evaluation.
 */
export const permutationImportance: ImportanceMethod = {
  name: 'PERMUTATION',
  targetKind: 'FEATURE',
  defaults: { samples: null },
  async compute(input: ExplainInput): Promise<ImportanceResult> {
    const startedAt = performance.now();
    const options = resolveOptions(input.options, permutationImportance.defaults);
    const indices = sampleRowIndices(input.data.rows, options.samples, deriveSeed(input.seed, 'rows'));
    const x = selectRows(input.data, indices);
    const target = Float32Array.from(indices, (r) => input.target[r]);
    const metric = scoreMetric(input.task, target);
    const baselineScore = scoreOutputs(metric, input.task, predictorOf(input)(input.network, x, options.batchSize), 0, target);
    const setup: PermutationSetup = { x, target, metric, baselineScore };

    const players = buildPlayers(input.network.inputSize, input.featureNames, input.featureGroups ?? []);
    const drops = shuffledScoreDrops(input, options, setup, players);

    return {
      method: 'PERMUTATION',
      targetKind: 'FEATURE',
      scores: scoresOf(input, players, drops),
      sampleCount: x.rows,
      seed: input.seed,
      options,
      checks: [],
      notes: [`metric ${metric}, baseline score ${baselineScore.toPrecision(6)} on ${x.rows} rows; ${options.repeats} shuffles per player`],
      skippedSamples: 0,
      durationMs: performance.now() - startedAt,
    };
  },
};

/** Returns, per player, the score drop of each repeat [players × repeats]. */
function shuffledScoreDrops(input: ExplainInput, options: ResolvedOptions, setup: PermutationSetup, players: Player[]): Float64Array[] {
  const x = setup.x;
  const repeats = options.repeats;
  const constant = constantColumns(x);
  const random = createRandom(deriveSeed(input.seed, 'permutation'));
  const shuffles = players.map(() => Array.from({ length: repeats }, () => randomPermutation(x.rows, random)));
  const drops = players.map(() => new Float64Array(repeats));

  const evaluated = players.map((_, p) => p).filter((p) => !players[p].columns.every((c) => constant[c]));
  const playersPerChunk = Math.max(1, Math.floor(chunkRows(x.cols, repeats * x.rows) / (repeats * x.rows)));

  for (let start = 0; start < evaluated.length; start += playersPerChunk) {
    const chunk = evaluated.slice(start, start + playersPerChunk);
    const shuffled = shuffledCopies(x, chunk.map((p) => ({ player: players[p], orders: shuffles[p] })));
    const outputs = predictorOf(input)(input.network, shuffled, options.batchSize);

    chunk.forEach((p, slot) => {
      for (let r = 0; r < repeats; r++) {
        const block = (slot * repeats + r) * x.rows;
        drops[p][r] = setup.baselineScore - scoreOutputs(setup.metric, input.task, outputs, block, setup.target);
      }
    });
  }
  return drops;
}

/** Stacks one copy of `x` per player and repeat, with the player's columns taken from the shuffled rows. */
function shuffledCopies(x: Matrix, jobs: Array<{ player: Player; orders: Int32Array[] }>): Matrix {
  const cols = x.cols;
  const copies = jobs.reduce((count, job) => count + job.orders.length, 0);
  const values = new Float32Array(copies * x.rows * cols);

  let copy = 0;
  for (const { player, orders } of jobs) {
    for (const order of orders) {
      const offset = copy * x.rows * cols;
      values.set(x.values, offset);
      for (let r = 0; r < x.rows; r++) {
        for (const c of player.columns) values[offset + r * cols + c] = x.values[order[r] * cols + c];
      }
      copy++;
    }
  }
  return { rows: copies * x.rows, cols, values };
}

/** Builds column scores (a group's columns share its value and std equally) followed by group scores. */
function scoresOf(input: ExplainInput, players: Player[], drops: Float64Array[]): ImportanceScoreValue[] {
  const inputSize = input.network.inputSize;
  const columnScores = new Array<ImportanceScoreValue>(inputSize);
  const groupScores: ImportanceScoreValue[] = [];

  players.forEach((player, p) => {
    const { mean, std } = meanAndStd(drops[p]);
    const share = player.columns.length;
    for (const column of player.columns) {
      columnScores[column] = featureScore(input.featureNames[column], column, false, mean / share, std / share);
    }
    if (player.isGroup) groupScores.push(featureScore(player.name, player.index, true, mean, std));
  });

  return [...columnScores, ...groupScores.sort((a, b) => a.index - b.index)];
}

function featureScore(name: string, index: number, isGroup: boolean, value: number, std: number): ImportanceScoreValue {
  return { targetKind: 'FEATURE', layer: null, index, name, value, std, signedValue: value, isGroup };
}
