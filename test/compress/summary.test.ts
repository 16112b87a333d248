import { beforeAll, describe, expect, it } from 'vitest';
import { compress, summarizeCompression, type SummaryInput } from '../../src/compress/index.js';
import { effectiveFeatureCount, giniSparseness } from '../../src/explain/measures.js';
import { initBackend } from '../../src/ml/backend.js';
import { predictMatrix } from '../../src/ml/forward.js';
import { cloneNetwork, parameterCount, type DenseNetwork } from '../../src/ml/network.js';
import { encodeNetwork } from '../../src/ml/serialize.js';
import { compressionInput, friedmanSplits, mlpConfig, sklearnSplits, trainOn, type Splits } from './helpers.js';

const names = Array.from({ length: 10 }, (_, i) => `x${i + 1}`);
const descending = names.map((name, i) => ({ name, value: 10 - i, signedValue: 10 - i }));

describe('summarizeCompression', () => {
  let splits: Splits;
  let network: DenseNetwork;
  const config = mlpConfig([32, 32], { epochs: 10 });

  const summaryInput = (result: DenseNetwork, columns: number[], after = descending): SummaryInput => ({
    source: network,
    result,
    sourceInputFeatures: names,
    resultInputColumns: columns,
    test: splits.test,
    testTarget: splits.testTarget,
    task: 'REGRESSION',
    classCount: 1,
    importanceBefore: descending,
    importanceAfter: after,
  });

  beforeAll(async () => {
    await initBackend();
    splits = friedmanSplits(1500, 12);
    network = await trainOn(splits, config);
  });

  it('reports no change for an identical model', () => {
    const summary = summarizeCompression(summaryInput(cloneNetwork(network), names.map((_, i) => i)));

    expect(summary.metricsAfter).toEqual(summary.metricsBefore);
    expect(summary.sizeAfter).toEqual(summary.sizeBefore);
    expect(summary.outputR2).toBe(1);
    expect(summary.classAgreement).toBeNull();
    expect(summary.explanation.spearman).toBe(1);
    expect(summary.explanation.featureAgreement).toBe(1);
    expect(summary.exemplars).toHaveLength(20);
    expect(summary.exemplars.every((exemplar) => exemplar.change === 0)).toBe(true);
  });

  it('reports size and changed predictions after pruning', async () => {
    const pruned = await compress('WEIGHT_PRUNING', compressionInput(network, splits, config, { sparsity: 0.9, fineTuneEpochs: 1 }));
    const summary = summarizeCompression(summaryInput(pruned.network, pruned.inputColumns));
    const before = predictMatrix(network, splits.test).values;
    const after = predictMatrix(pruned.network, splits.test).values;

    expect(summary.sizeBefore.parameterCount).toBe(parameterCount(network));
    expect(summary.sizeAfter.parameterCount).toBe(summary.sizeBefore.parameterCount);
    expect(summary.sizeAfter.storedBytes).toBe(encodeNetwork(pruned.network).length);
    expect(summary.sizeAfter.storedBytes).toBeLessThan(summary.sizeBefore.storedBytes);
    expect(summary.sizeAfter.nonZeroParameters).toBeLessThan(summary.sizeBefore.nonZeroParameters);
    expect(summary.outputR2).toBeLessThan(1);

    const worst = summary.exemplars[0];
    expect(worst.before[0]).toBe(before[worst.row]);
    expect(worst.after[0]).toBe(after[worst.row]);
    expect(worst.change).toBeCloseTo(Math.abs(before[worst.row] - after[worst.row]), 6);
    const largest = Math.max(...before.map((value, row) => Math.abs(value - after[row])));
    expect(worst.change).toBeCloseTo(largest, 6);
    const changes = summary.exemplars.map((exemplar) => exemplar.change);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
  });

  it('counts removed features as zero importance', async () => {
    const selected = await compress('FEATURE_SELECTION', compressionInput(network, splits, config, { keep: 5, retrain: false, fineTuneEpochs: 0 }));
    const after = descending.slice(0, 5);
    const summary = summarizeCompression(summaryInput(selected.network, selected.inputColumns, after));

    expect(summary.interpretabilityBefore.activeFeatures).toBe(10);
    expect(summary.interpretabilityAfter.activeFeatures).toBe(5);
    expect(summary.interpretabilityAfter.effectiveFeatures).toBeCloseTo(effectiveFeatureCount([10, 9, 8, 7, 6]), 12);
    expect(summary.interpretabilityAfter.giniSparseness).toBeCloseTo(giniSparseness([10, 9, 8, 7, 6, 0, 0, 0, 0, 0]), 12);
    expect(summary.explanation.featureCount).toBe(10);
    expect(summary.explanation.featureAgreement).toBe(1);
  });

  it('rejects columns that do not match the result', () => {
    expect(() => summarizeCompression(summaryInput(network, [0, 1, 2]))).toThrow(/resultInputColumns has 3 entries but the result takes 10 inputs/);
  });
});

describe('summarizeCompression on iris', () => {
  it('lists only rows whose class changed', async () => {
    await initBackend();
    const splits = sklearnSplits('iris.csv', 2);
    const config = mlpConfig([16], { epochs: 40, batchSize: 16, learningRate: 0.02 });
    const network = await trainOn(splits, config, 'MULTICLASS', 3);
    const pruned = await compress('WEIGHT_PRUNING', compressionInput(network, splits, config, { sparsity: 0.9, fineTuneEpochs: 0 }, { task: 'MULTICLASS', classCount: 3 }));
    const irisNames = splits.featureNames.map((name) => ({ name, value: 1 }));

    const summary = summarizeCompression({
      source: network, result: pruned.network, sourceInputFeatures: splits.featureNames, resultInputColumns: [0, 1, 2, 3],
      test: splits.test, testTarget: splits.testTarget, task: 'MULTICLASS', classCount: 3, importanceBefore: irisNames, importanceAfter: irisNames,
    });

    const argmax = (values: number[]) => values.indexOf(Math.max(...values));
    const changedRows = Math.round((1 - summary.classAgreement!) * splits.test.rows);
    expect(summary.exemplars).toHaveLength(Math.min(20, splits.test.rows));
    summary.exemplars.forEach((exemplar, position) => {
      expect(exemplar.classChanged).toBe(argmax(exemplar.before) !== argmax(exemplar.after));
      expect(exemplar.classChanged).toBe(position < changedRows);
    });
    expect(summary.metricsBefore.accuracy).not.toBeNull();
  });
});
