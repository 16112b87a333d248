import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { computeImportance, importanceMethod } from '../src/explain/methods.js';
import type { ExplainInput, ImportanceMethodName, ImportanceOptions } from '../src/explain/types.js';
import { initBackend } from '../src/ml/backend.js';
import { predictMatrix } from '../src/ml/forward.js';
import { selectRows, type Matrix } from '../src/ml/matrix.js';
import type { DenseNetwork } from '../src/ml/network.js';
import { trainNetwork } from '../src/ml/train.js';
import { FEATURE_NAMES, friedman20 } from './support/friedman20.js';
import { countingPredictor, rowAtATimePredictor } from './support/predictors.js';
import { pythonModule, runPythonScript, writeTensors, type TensorFile } from './support/python.js';
import { fitGrowth, round } from './support/stats.js';
import { timed } from './support/timing.js';
import type { Benchmark, BenchContext, BenchReport } from './support/types.js';
import { mlpTrainConfig } from './support/trainConfig.js';

const SIZES = {
  smoke: {
    rows: 500,
    trainEpochs: 1,
    growthRows: [125, 250, 500],
    // Per-sample methods explain fewer rows with fewer samples, so each method takes well under a second.
    // Methods that use every row by default (PERMUTATION and the neuron methods) keep doing so.
    options: { samples: 10, backgroundSize: 20, shapSamples: 100, limeSamples: 200, steps: 10 } as ImportanceOptions,
    rowAtATimeBudgetSeconds: 1,
  },
  full: {
    rows: 10_000,
    trainEpochs: 5,
    growthRows: [2_500, 5_000, 10_000],
    options: {} as ImportanceOptions,
    rowAtATimeBudgetSeconds: 20,
  },
} as const;

const METHODS: ImportanceMethodName[] = [
  'PERMUTATION',
  'SALIENCY',
  'GRADIENT_X_INPUT',
  'RELATIVE_SENSITIVITY',
  'INTEGRATED_GRADIENTS',
  'KERNEL_SHAP',
  'LIME',
  'WEIGHT_L1',
  'MEAN_ACTIVATION',
  'TAYLOR',
];

/** Methods also timed with a predictor that evaluates one row per call. */
const ROW_AT_A_TIME_METHODS: ImportanceMethodName[] = ['PERMUTATION', 'KERNEL_SHAP'];

const DATA_SEED = 11;
const EXPLAIN_SEED = 42;

interface MethodTiming {
  method: ImportanceMethodName;
  seconds: number;
  sampleCount: number;
  settings: Record<string, unknown>;
  predictorCalls: number;
  predictedRows: number;
  predictorSeconds: number;
}

interface RowAtATimeComparison {
  method: ImportanceMethodName;
  batchedSeconds: number;
  /** Row-at-a-time seconds: measured when `extrapolated` is false, else estimated from the rows timed within the budget. */
  rowAtATimeSeconds: number;
  extrapolated: boolean;
  rowsTimedOneByOne: number;
  predictedRows: number;
  secondsPerSingleRowCall: number;
  /** rowAtATimeSeconds / batchedSeconds. */
  ratio: number;
}

export const importanceBenchmark: Benchmark = {
  name: 'importance',
  description: 'seconds of each importance method on an MLP (64, 64); batched against row-at-a-time; scikit-learn reference',
  run: runImportance,
};

async function runImportance(context: BenchContext): Promise<BenchReport> {
  const size = SIZES[context.size];
  const backend = await initBackend();
  const notes: string[] = [];

  const { x, y } = friedman20(size.rows, DATA_SEED);
  context.log(`importance: training MLP (64, 64) on ${size.rows} rows for ${size.trainEpochs} epochs on ${backend}`);
  const network = await trainModel(x, y, size.trainEpochs);
  const baseInput: ExplainInput = {
    network,
    task: 'REGRESSION',
    classCount: 1,
    data: x,
    target: y,
    background: x,
    featureNames: FEATURE_NAMES,
    seed: EXPLAIN_SEED,
    options: size.options,
  };

  const timings: MethodTiming[] = [];
  let permutationValues: number[] = [];
  for (const method of METHODS) {
    context.log(`importance: ${method}`);
    const { timing, featureValues } = await timeMethod(method, baseInput);
    timings.push(timing);
    if (method === 'PERMUTATION') permutationValues = featureValues;
  }

  const comparisons: RowAtATimeComparison[] = [];
  for (const method of ROW_AT_A_TIME_METHODS) {
    context.log(`importance: ${method} row at a time (budget ${size.rowAtATimeBudgetSeconds} s of one-row calls)`);
    comparisons.push(await compareRowAtATime(method, baseInput, timings.find((timing) => timing.method === method)!, size.rowAtATimeBudgetSeconds));
  }
  if (comparisons.some((comparison) => comparison.extrapolated)) {
    notes.push('row-at-a-time times marked extrapolated are estimates: the per-row cost measured on the first one-row calls times the rows predicted, plus the method time outside the predictor');
  }

  const growthPoints = [];
  for (const rows of size.growthRows) {
    context.log(`importance: PERMUTATION growth at ${rows} rows`);
    const input = { ...baseInput, data: firstRows(x, rows), target: y.subarray(0, rows) };
    growthPoints.push({ size: rows, value: (await timed(() => computeImportance('PERMUTATION', { ...input, options: optionsFor('PERMUTATION', input.options) }))).seconds });
  }
  const growth = fitGrowth(growthPoints);

  context.log('importance: scikit-learn permutation_importance reference');
  const sklearn = await sklearnReference(network, x, y, timings[0], permutationValues, notes);

  return buildReport({ backend, size: context.size, rows: size.rows, timings, comparisons, growth, sklearn, notes });
}

async function trainModel(x: Matrix, y: Float32Array, epochs: number): Promise<DenseNetwork> {
  const result = await trainNetwork(
    mlpTrainConfig({ epochs }),
    { task: 'REGRESSION', classCount: 1, train: x, trainTarget: y },
  );
  return result.network;
}

/** Times one method with the default batched predictor; also returns the per-column scores in column order. */
async function timeMethod(method: ImportanceMethodName, input: ExplainInput): Promise<{ timing: MethodTiming; featureValues: number[] }> {
  const { predictor, usage } = countingPredictor();
  const run = await timed(() => computeImportance(method, { ...input, options: optionsFor(method, input.options), predictor }));
  const resolved = run.value.options;
  const featureValues = run.value.scores.filter((score) => score.targetKind === 'FEATURE' && !score.isGroup).sort((a, b) => a.index - b.index).map((score) => score.value);
  const timing: MethodTiming = {
    method,
    seconds: run.seconds,
    sampleCount: run.value.sampleCount,
    settings: relevantSettings(method, resolved),
    predictorCalls: usage.calls,
    predictedRows: usage.rows,
    predictorSeconds: usage.seconds,
  };
  return { timing, featureValues };
}

/** Returns the options without `samples` for a method whose default is every row, so that it keeps that default. */
function optionsFor(method: ImportanceMethodName, options: ImportanceOptions = {}): ImportanceOptions {
  if (importanceMethod(method).defaults.samples !== null) return options;
  const { samples: _samples, ...rest } = options;
  return rest;
}

/** Picks the resolved options that change the cost of a method, for the report. */
function relevantSettings(method: ImportanceMethodName, options: Required<ImportanceOptions>): Record<string, unknown> {
  const picks: Partial<Record<ImportanceMethodName, Array<keyof ImportanceOptions>>> = {
    PERMUTATION: ['samples', 'repeats'],
    SALIENCY: ['samples'],
    GRADIENT_X_INPUT: ['samples'],
    RELATIVE_SENSITIVITY: ['samples', 'epsilon'],
    INTEGRATED_GRADIENTS: ['samples', 'steps', 'integration', 'baseline'],
    KERNEL_SHAP: ['samples', 'backgroundSize', 'shapSamples'],
    LIME: ['samples', 'limeSamples', 'kernelWidth', 'ridgeAlpha'],
    WEIGHT_L1: ['samples'],
    MEAN_ACTIVATION: ['samples'],
    TAYLOR: ['samples'],
  };
  return Object.fromEntries((picks[method] ?? []).map((key) => [key, options[key]]));
}

async function compareRowAtATime(method: ImportanceMethodName, input: ExplainInput, batched: MethodTiming, budgetSeconds: number): Promise<RowAtATimeComparison> {
  const { predictor, usage } = rowAtATimePredictor(budgetSeconds);
  const run = await timed(() => computeImportance(method, { ...input, options: optionsFor(method, input.options), predictor }));
  const secondsPerSingleRowCall = usage.singleSeconds / Math.max(1, usage.singleRows);
  const extrapolated = usage.singleRows < usage.totalRows;
  const outsidePredictor = batched.seconds - batched.predictorSeconds;
  const rowAtATimeSeconds = extrapolated ? outsidePredictor + usage.totalRows * secondsPerSingleRowCall : run.seconds;

  return {
    method,
    batchedSeconds: batched.seconds,
    rowAtATimeSeconds,
    extrapolated,
    rowsTimedOneByOne: usage.singleRows,
    predictedRows: usage.totalRows,
    secondsPerSingleRowCall,
    ratio: rowAtATimeSeconds / batched.seconds,
  };
}

function firstRows(x: Matrix, rows: number): Matrix {
  return selectRows(x, Int32Array.from({ length: rows }, (_, r) => r));
}

interface SklearnReference {
  available: boolean;
  reason: string | null;
  version: string | null;
  seconds: number | null;
  /** Our PERMUTATION seconds / scikit-learn's. */
  ratio: number | null;
  maxPredictionGap: number | null;
  /** Largest |ours − scikit-learn's| of the mean importances, which differ by the random shuffles only. */
  maxImportanceGap: number | null;
  topFeatures: { ours: string[]; sklearn: string[] } | null;
}

/** Times scikit-learn's permutation_importance on the same rows and weights, when python3-sklearn is installed. */
async function sklearnReference(network: DenseNetwork, x: Matrix, y: Float32Array, ours: MethodTiming, oursMean: number[], notes: string[]): Promise<SklearnReference> {
  const status = await pythonModule('sklearn');
  if (!status.available) {
    notes.push(`scikit-learn reference not measured: ${status.reason} (Debian: apt-get install python3-sklearn)`);
    return { available: false, reason: status.reason, version: null, seconds: null, ratio: null, maxPredictionGap: null, maxImportanceGap: null, topFeatures: null };
  }

  const folder = await mkdtemp(path.join(os.tmpdir(), 'cx-bench-sklearn-'));
  try {
    const manifest = await writeTensors(folder, networkTensors(network, x, y));
    const repeats = Number((ours.settings.repeats as number | undefined) ?? 5);
    const reference = await runPythonScript<{ sklearn: string; seconds: number; importancesMean: number[]; maxPredictionGap: number }>('sklearn_permutation.py', [manifest, String(repeats), '0']);

    const gap = Math.max(...oursMean.map((value, index) => Math.abs(value - reference.importancesMean[index])));
    const top = (values: number[]) => values.map((value, index) => ({ value, name: FEATURE_NAMES[index] })).sort((a, b) => b.value - a.value).slice(0, 5).map((entry) => entry.name);

    return {
      available: true,
      reason: null,
      version: reference.sklearn,
      seconds: reference.seconds,
      ratio: ours.seconds / reference.seconds,
      maxPredictionGap: reference.maxPredictionGap,
      maxImportanceGap: gap,
      topFeatures: { ours: top(oursMean), sklearn: top(reference.importancesMean) },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function networkTensors(network: DenseNetwork, x: Matrix, y: Float32Array): TensorFile[] {
  const tensors: TensorFile[] = [
    { name: 'x', shape: [x.rows, x.cols], values: x.values },
    { name: 'y', shape: [y.length], values: y },
    { name: 'predictions', shape: [x.rows], values: predictMatrix(network, x).values },
    { name: 'input_mean', shape: [network.inputSize], values: network.inputMean },
    { name: 'input_scale', shape: [network.inputSize], values: network.inputScale },
  ];
  network.layers.forEach((layer, index) => {
    tensors.push({ name: `kernel${index}`, shape: [layer.inputSize, layer.units], values: layer.kernel });
    tensors.push({ name: `bias${index}`, shape: [layer.units], values: layer.bias });
  });
  return tensors;
}

function buildReport(parts: {
  backend: string;
  size: string;
  rows: number;
  timings: MethodTiming[];
  comparisons: RowAtATimeComparison[];
  growth: ReturnType<typeof fitGrowth>;
  sklearn: SklearnReference;
  notes: string[];
}): BenchReport {
  const { timings, comparisons, growth, sklearn } = parts;
  return {
    tfjsBackend: parts.backend,
    settings: {
      data: `Friedman #1 with 20 features (x6…x20 noise), ${parts.rows} rows, seed ${DATA_SEED}; data and background are the same rows`,
      model: 'MLP 20 → 64 → 64 → 1, relu, trained with Adam (batch 32, learning rate 0.01)',
      options: parts.size === 'full' ? 'method defaults' : SIZES.smoke.options,
      seed: EXPLAIN_SEED,
      rowAtATime: 'predictor that calls predictMatrix once per row; within a time budget, then extrapolated',
      sklearn: 'MLPRegressor with the same weights (standardization folded into the first layer), permutation_importance, R² score, n_jobs=None',
    },
    figures: {
      methods: timings.map((timing) => ({ ...timing, seconds: round(timing.seconds), predictorSeconds: round(timing.predictorSeconds) })),
      rowAtATime: comparisons.map((comparison) => ({
        ...comparison,
        batchedSeconds: round(comparison.batchedSeconds),
        rowAtATimeSeconds: round(comparison.rowAtATimeSeconds),
        secondsPerSingleRowCall: round(comparison.secondsPerSingleRowCall),
        ratio: round(comparison.ratio, 3),
      })),
      sklearn: { ...sklearn, seconds: sklearn.seconds && round(sklearn.seconds), ratio: sklearn.ratio && round(sklearn.ratio, 3) },
      growth: { method: 'PERMUTATION', exponent: round(growth.exponent, 3), r2: round(growth.r2, 3), points: growth.points.map((point) => ({ rows: point.size, seconds: round(point.value) })) },
    },
    summary: [
      ...timings.map((timing) => `${timing.method}: ${timing.seconds.toFixed(3)} s (${JSON.stringify(timing.settings)}, ${timing.predictedRows} rows predicted)`),
      ...comparisons.map(
        (comparison) =>
          `${comparison.method} row at a time: ${comparison.rowAtATimeSeconds.toFixed(1)} s${comparison.extrapolated ? ' (extrapolated)' : ''} against ${comparison.batchedSeconds.toFixed(2)} s batched, ${comparison.ratio.toFixed(1)}×`,
      ),
      sklearn.available
        ? `scikit-learn ${sklearn.version} permutation_importance: ${sklearn.seconds!.toFixed(3)} s; ours ${sklearn.ratio!.toFixed(2)}× that; max importance gap ${sklearn.maxImportanceGap!.toFixed(4)}`
        : `scikit-learn reference not measured: ${sklearn.reason}`,
      `PERMUTATION growth exponent against rows: ${growth.exponent.toFixed(3)} (R² ${growth.r2.toFixed(3)})`,
    ],
    notes: parts.notes,
  };
}
