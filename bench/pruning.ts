import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { computeMasks, magnitudeScores, type CompressionInput, type CompressionResult } from '../src/compress/index.js';
import { weightPruning } from '../src/compress/weightPruning.js';
import { createNetwork } from '../src/ml/build.js';
import { parameterCount, type DenseNetwork } from '../src/ml/network.js';
import { encodeNetwork } from '../src/ml/serialize.js';
import type { TrainConfig } from '../src/ml/train.js';
import { FEATURE_NAMES } from './support/friedman20.js';
import { pythonModule, runPythonScript, writeTensors } from './support/python.js';
import { fitGrowth, median, round } from './support/stats.js';
import { timedRepeats } from './support/timing.js';
import type { Benchmark, BenchContext, BenchReport } from './support/types.js';
import { mlpTrainConfig } from './support/trainConfig.js';

const SPARSITY = 0.9;

const SIZES = {
  smoke: { hidden: [[40, 40], [60, 60], [100, 98]], repeats: 1 },
  // About 250k, 500k and 1M parameters; the largest is 20 → 1000 → 980 → 1.
  full: { hidden: [[489, 489], [696, 696], [1000, 980]], repeats: 3 },
} as const;

const TRAIN_CONFIG: TrainConfig = mlpTrainConfig({ hiddenUnits: [] });

/** Measures of one network size. */
interface PruningPoint {
  hiddenUnits: number[];
  parameters: number;
  prunableWeights: number;
  /** Median seconds of the WEIGHT_PRUNING compressor (scores, masks, applying them, result), fineTuneEpochs 0. */
  compressorSeconds: number;
  /** Median seconds of computeMasks alone on the magnitude scores. */
  computeMasksSeconds: number;
  sparsity: number;
  storedBytesBefore: number;
  storedBytesAfter: number;
  torch: TorchPoint | null;
}

interface TorchPoint {
  /** Median seconds of global_unstructured with L1Unstructured plus prune.remove. */
  seconds: number;
  threads: number;
  /** compressorSeconds / torch seconds. */
  ratio: number;
  /** Kernel entries whose keep/prune decision differs from the compressor's. */
  maskDifferences: number;
}

export const pruningBenchmark: Benchmark = {
  name: 'pruning',
  description: 'one-shot global magnitude pruning to 0.9 sparsity against torch.nn.utils.prune.global_unstructured',
  run: runPruning,
};

async function runPruning(context: BenchContext): Promise<BenchReport> {
  const size = SIZES[context.size];
  const notes: string[] = [];
  const torch = await pythonModule('torch');
  if (!torch.available) notes.push(`PyTorch reference not measured: ${torch.reason} (Debian: apt-get install python3-torch)`);

  const measured: Array<{ network: DenseNetwork; result: CompressionResult; point: PruningPoint }> = [];
  for (const hidden of size.hidden) {
    const network = createNetwork({ ...TRAIN_CONFIG, hiddenUnits: [...hidden] }, FEATURE_NAMES.length, 1, 'REGRESSION');
    context.log(`pruning: ${parameterCount(network)} parameters (20 → ${hidden.join(' → ')} → 1)`);
    measured.push(await measureSize(network, size.repeats));
  }

  if (torch.available) {
    context.log('pruning: PyTorch global_unstructured reference');
    const references = await torchReference(measured, size.repeats);
    measured.forEach((entry, index) => (entry.point.torch = references[index]));
  }
  return buildReport(
    measured.map((entry) => entry.point),
    torch.version,
    notes,
  );
}

async function measureSize(network: DenseNetwork, repeats: number): Promise<{ network: DenseNetwork; result: CompressionResult; point: PruningPoint }> {
  const input = compressionInput(network);
  const compressor = await timedRepeats(repeats, () => weightPruning.compress(input));
  const prunable = network.layers.slice(0, -1);
  const scores = magnitudeScores(network).kernels.slice(0, prunable.length);
  const masks = await timedRepeats(repeats, () => computeMasks(scores, SPARSITY, 'GLOBAL'));

  const result = compressor.value;
  const point: PruningPoint = {
    hiddenUnits: prunable.map((layer) => layer.units),
    parameters: parameterCount(network),
    prunableWeights: prunable.reduce((sum, layer) => sum + layer.kernel.length, 0),
    compressorSeconds: median(compressor.seconds),
    computeMasksSeconds: median(masks.seconds),
    sparsity: result.sparsity,
    storedBytesBefore: encodeNetwork(network).length,
    storedBytesAfter: encodeNetwork(result.network).length,
    torch: null,
  };
  return { network, result, point };
}

/** Builds a compression input with a few placeholder rows, which MAGNITUDE scoring and zero fine-tuning epochs never read. */
function compressionInput(network: DenseNetwork): CompressionInput {
  const rows = 8;
  const train = { rows, cols: network.inputSize, values: new Float32Array(rows * network.inputSize) };
  return {
    network,
    featureNames: FEATURE_NAMES,
    featureGroups: [],
    task: 'REGRESSION',
    classCount: 1,
    data: { train, trainTarget: new Float32Array(rows), validation: null, validationTarget: null, test: null, testTarget: null },
    trainConfig: { ...TRAIN_CONFIG, hiddenUnits: network.layers.slice(0, -1).map((layer) => layer.units) },
    config: { sparsity: SPARSITY, scope: 'GLOBAL', criterion: 'MAGNITUDE', schedule: 'ONE_SHOT', fineTuneEpochs: 0 },
    seed: 42,
  };
}

/** Times PyTorch on every network in one Python process and compares its masks with the compressor's. */
async function torchReference(measured: Array<{ network: DenseNetwork; result: CompressionResult; point: PruningPoint }>, repeats: number): Promise<TorchPoint[]> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'cx-bench-pruning-'));
  try {
    const args = [String(SPARSITY), String(repeats)];
    for (const [index, { network }] of measured.entries()) {
      const prunable = network.layers.slice(0, -1);
      const manifest = await writeTensors(
        path.join(folder, `network${index}`),
        prunable.map((layer, layerIndex) => ({ name: `kernel${layerIndex}`, shape: [layer.inputSize, layer.units], values: layer.kernel })),
      );
      args.push(manifest, path.join(folder, `network${index}`, 'torch-mask.bin'));
    }
    const reference = await runPythonScript<{ threads: number; networks: Array<{ seconds: number[] }> }>('torch_prune.py', args);

    const points: TorchPoint[] = [];
    for (const [index, { result, point }] of measured.entries()) {
      const torchMask = await readFile(path.join(folder, `network${index}`, 'torch-mask.bin'));
      const seconds = median(reference.networks[index].seconds);
      points.push({ seconds, threads: reference.threads, ratio: point.compressorSeconds / seconds, maskDifferences: countMaskDifferences(result.network, torchMask) });
    }
    return points;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Counts the hidden-layer kernel entries where the pruned network's zero pattern differs from the reference keep-mask. */
function countMaskDifferences(pruned: DenseNetwork, referenceMask: Uint8Array): number {
  let offset = 0;
  let differences = 0;
  for (const layer of pruned.layers.slice(0, -1)) {
    for (let i = 0; i < layer.kernel.length; i++) if ((layer.kernel[i] !== 0 ? 1 : 0) !== referenceMask[offset + i]) differences++;
    offset += layer.kernel.length;
  }
  return differences;
}

function buildReport(points: PruningPoint[], torchVersion: string | null, notes: string[]): BenchReport {
  const largest = points.at(-1)!;
  const growth = fitGrowth(points.map((point) => ({ size: point.parameters, value: point.compressorSeconds })));
  const torchGrowth = points.every((point) => point.torch) ? fitGrowth(points.map((point) => ({ size: point.parameters, value: point.torch!.seconds }))) : null;
  const fitted = (fit: ReturnType<typeof fitGrowth>) => ({ exponent: round(fit.exponent, 3), r2: round(fit.r2, 3) });

  return {
    tfjsBackend: null,
    settings: {
      networks: points.map((point) => `20 → ${point.hiddenUnits.join(' → ')} → 1`),
      pruning: `WEIGHT_PRUNING compressor: sparsity ${SPARSITY}, GLOBAL scope, MAGNITUDE criterion, ONE_SHOT, fineTuneEpochs 0, hidden-layer kernels only (biases and output layer kept)`,
      weights: 'Glorot-uniform initial weights from createNetwork, seed 42',
      torch: torchVersion ? `PyTorch ${torchVersion}: global_unstructured(L1Unstructured, amount=${SPARSITY}) + prune.remove on the same kernels` : null,
      timing: 'median of repeats; pure JavaScript, no tfjs kernels involved',
    },
    figures: {
      points: points.map((point) => ({
        ...point,
        compressorSeconds: round(point.compressorSeconds),
        computeMasksSeconds: round(point.computeMasksSeconds),
        torch: point.torch && { ...point.torch, seconds: round(point.torch.seconds), ratio: round(point.torch.ratio, 3) },
      })),
      largest: {
        parameters: largest.parameters,
        compressorSeconds: round(largest.compressorSeconds),
        torchSeconds: largest.torch && round(largest.torch.seconds),
        ratio: largest.torch && round(largest.torch.ratio, 3),
        storedBytesBefore: largest.storedBytesBefore,
        storedBytesAfter: largest.storedBytesAfter,
        sizeRatio: round(largest.storedBytesAfter / largest.storedBytesBefore, 4),
      },
      growth: { compressor: fitted(growth), torch: torchGrowth && fitted(torchGrowth) },
    },
    summary: [
      ...points.map(
        (point) =>
          `${point.parameters} parameters: compressor ${point.compressorSeconds.toFixed(3)} s (computeMasks ${point.computeMasksSeconds.toFixed(3)} s)` +
          (point.torch ? `, torch ${point.torch.seconds.toFixed(3)} s, ratio ${point.torch.ratio.toFixed(2)}, mask differences ${point.torch.maskDifferences}` : '') +
          `; stored ${point.storedBytesBefore} → ${point.storedBytesAfter} bytes`,
      ),
      `growth exponent against parameters: compressor ${growth.exponent.toFixed(3)}` + (torchGrowth ? `, torch ${torchGrowth.exponent.toFixed(3)}` : ''),
    ],
    notes,
  };
}
