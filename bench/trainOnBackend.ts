/**
 * Child process of the training benchmark: trains the benchmark MLP on one
 * tfjs backend and prints one JSON line with the epoch times, so that each
 * backend runs in a fresh process. Usage: node dist/bench/trainOnBackend.js BACKEND ROWS EPOCHS BATCH_SIZE
 */
import { friedman1 } from '../src/data/synthetic.js';
import { initBackend, type BackendName } from '../src/ml/backend.js';
import { trainNetwork, type TrainConfig } from '../src/ml/train.js';
import { mlpTrainConfig } from './support/trainConfig.js';

/** The line this process prints. */
export interface BackendRun {
  backend: string;
  available: boolean;
  reason: string | null;
  rows: number;
  epochs: number;
  /** Seconds of each epoch, the first one included. */
  epochSeconds: number[];
  totalSeconds: number;
  finalLoss: number | null;
}

const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

async function main(): Promise<void> {
  const [backend, rowsText, epochsText, batchText] = process.argv.slice(2);
  if (!BACKENDS.includes(backend as BackendName)) throw new Error(`backend ${backend} is invalid; use one of ${BACKENDS.join(', ')}`);
  const rows = Number(rowsText);
  const epochs = Number(epochsText);
  const batchSize = Number(batchText);

  try {
    await initBackend(backend as BackendName);
  } catch (error) {
    const reason = backend === 'tensorflow' ? await nativePackageProblem() : null;
    print({ backend, available: false, reason: reason ?? (error as Error).message, rows, epochs, epochSeconds: [], totalSeconds: 0, finalLoss: null });
    return;
  }

  const table = friedman1(rows, 1, 7);
  const config: TrainConfig = mlpTrainConfig({ epochs, batchSize });
  const train = { rows, cols: table.featureNames.length, values: Float32Array.from(table.features) };

  const epochSeconds: number[] = [];
  let last = performance.now();
  const started = last;
  const result = await trainNetwork(config, { task: 'REGRESSION', classCount: 1, train, trainTarget: Float32Array.from(table.target) }, {
    onEpoch: () => {
      const now = performance.now();
      epochSeconds.push((now - last) / 1000);
      last = now;
    },
  });

  print({
    backend,
    available: true,
    reason: null,
    rows,
    epochs,
    epochSeconds,
    totalSeconds: (performance.now() - started) / 1000,
    finalLoss: result.history.at(-1)?.loss ?? null,
  });
}

/** Returns why @tensorflow/tfjs-node does not load, or null when it loads. */
async function nativePackageProblem(): Promise<string | null> {
  const nativePackage = '@tensorflow/tfjs-node';
  try {
    await import(nativePackage);
    return null;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    return `${nativePackage} does not load (${message}); it is an optional dependency whose install script downloads libtensorflow`;
  }
}

function print(run: BackendRun): void {
  console.log(JSON.stringify(run));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
