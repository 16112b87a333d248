import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { compiledEntry, repoRoot } from './support/paths.js';
import { round } from './support/stats.js';
import type { Benchmark, BenchContext, BenchReport } from './support/types.js';
import type { BackendRun } from './trainOnBackend.js';

const run = promisify(execFile);

const SIZES = {
  smoke: { rows: 1_000, epochs: 2 },
  full: { rows: 20_000, epochs: 4 },
} as const;

const BATCH_SIZE = 32;

/** Backends in the order they are measured; tensorflow needs the optional @tensorflow/tfjs-node package. */
const BACKENDS = ['wasm', 'cpu', 'tensorflow'] as const;

/** Throughput of one backend. */
interface BackendThroughput {
  backend: string;
  available: boolean;
  reason: string | null;
  /** Rows per second over the epochs after the first, which also builds tensors and compiles kernels. */
  samplesPerSecond: number | null;
  /** Rows per second over every epoch, the first one included. */
  samplesPerSecondAllEpochs: number | null;
  epochSeconds: number[];
  finalLoss: number | null;
}

export const trainingBenchmark: Benchmark = {
  name: 'training',
  description: 'training throughput of the tfjs backends on the same MLP and data',
  run: runTraining,
};

async function runTraining(context: BenchContext): Promise<BenchReport> {
  const { rows, epochs } = SIZES[context.size];
  const results: BackendThroughput[] = [];
  for (const backend of BACKENDS) {
    context.log(`training: ${backend}, ${rows} rows, ${epochs} epochs`);
    results.push(throughput(await trainInChild(backend, rows, epochs)));
  }

  const wasm = results.find((result) => result.backend === 'wasm')!;
  const relative = (result: BackendThroughput) =>
    result.samplesPerSecond && wasm.samplesPerSecond ? round(result.samplesPerSecond / wasm.samplesPerSecond, 3) : null;
  const notes = results.filter((result) => !result.available).map((result) => `backend ${result.backend} was not measured: ${result.reason}`);

  return {
    tfjsBackend: results.filter((result) => result.available).map((result) => result.backend).join(', '),
    settings: {
      model: 'MLP 10 → 64 → 64 → 1, relu, Adam, learning rate 0.01, batch size 32, no validation split',
      data: `FRIEDMAN1, ${rows} rows, noise 1, seed 7`,
      epochs,
      isolation: 'each backend trains in its own Node.js process (node dist/bench/trainOnBackend.js)',
      throughput: 'rows per second over the epochs after the first; the first epoch also creates tensors and compiles kernels',
    },
    figures: {
      backends: results.map((result) => ({ ...result, relativeToWasm: relative(result) })),
    },
    summary: results.map((result) =>
      result.available
        ? `${result.backend}: ${Math.round(result.samplesPerSecond!)} samples/s (all epochs ${Math.round(result.samplesPerSecondAllEpochs!)}), ${relative(result)}× wasm`
        : `${result.backend}: not available (see note)`,
    ),
    notes,
  };
}

async function trainInChild(backend: string, rows: number, epochs: number): Promise<BackendRun> {
  const { stdout } = await run(process.execPath, [compiledEntry('bench/trainOnBackend.js'), backend, String(rows), String(epochs), String(BATCH_SIZE)], {
    cwd: repoRoot,
    timeout: 1_800_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as BackendRun;
}

function throughput(run: BackendRun): BackendThroughput {
  const base = { backend: run.backend, available: run.available, reason: run.reason, epochSeconds: run.epochSeconds.map((seconds) => round(seconds)), finalLoss: run.finalLoss };
  if (!run.available) return { ...base, samplesPerSecond: null, samplesPerSecondAllEpochs: null };

  const steady = run.epochSeconds.slice(1);
  const steadySeconds = steady.reduce((sum, seconds) => sum + seconds, 0);
  return {
    ...base,
    samplesPerSecond: round((run.rows * steady.length) / steadySeconds),
    samplesPerSecondAllEpochs: round((run.rows * run.epochs) / run.totalSeconds),
  };
}
