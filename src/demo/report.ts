import type { DatasetView, ModelView, RunView } from './steps.js';
import { formatBytes, formatCount, formatNumber, formatTable, type TableColumn } from './table.js';

/** Returns the test-split score of a model: accuracy for classification, R² for regression. */
export function testScore(model: ModelView, task: string): number | null {
  const test = model.metrics.find((metrics) => metrics.split === 'TEST');
  if (!test) return null;
  return task === 'REGRESSION' ? test.r2 : test.accuracy;
}

function modelCells(model: ModelView, task: string): string[] {
  return [
    formatNumber(testScore(model, task)),
    formatCount(model.parameterCount),
    formatCount(model.nonZeroParameterCount),
    formatBytes(model.sizeBytes),
    String(model.inputFeatures.length),
  ];
}

/**
 * Formats one row for the original model and one per compressed model. The
 * columns are the test score, parameters, non-zero parameters, stored size
 * and features used. Then come the explanation measures against the
 * original: Spearman rank correlation, top-k feature agreement and fidelity.
 */
export function formatComparisonTable(dataset: DatasetView, original: ModelView, runs: RunView[]): string {
  const k = runs.find((run) => run.summary)?.summary?.explanation.k ?? 5;
  const columns: TableColumn[] = [
    { header: 'model' },
    { header: dataset.task === 'REGRESSION' ? 'test R²' : 'test accuracy', alignRight: true },
    { header: 'params', alignRight: true },
    { header: 'non-zero', alignRight: true },
    { header: 'size', alignRight: true },
    { header: 'features', alignRight: true },
    { header: 'Spearman', alignRight: true },
    { header: `top-${k} agree`, alignRight: true },
    { header: 'fidelity', alignRight: true },
  ];

  const rows = [[`original ${original.architecture} [${original.hiddenUnits.join(', ')}]`, ...modelCells(original, dataset.task), 'ref', 'ref', 'ref']];
  for (const run of runs) {
    if (!run.resultModel || !run.summary) continue;
    const explanation = run.summary.explanation;
    rows.push([
      run.method,
      ...modelCells(run.resultModel, dataset.task),
      formatNumber(explanation.spearman),
      formatNumber(explanation.featureAgreement, 2),
      formatNumber(run.summary.fidelity),
    ]);
  }
  return formatTable(columns, rows);
}

/** Describes what each run removed, one line per run. */
export function formatRemovals(runs: RunView[]): string {
  return runs
    .filter((run) => run.summary)
    .map((run) => {
      const summary = run.summary!;
      if (run.method === 'FEATURE_SELECTION') return `  FEATURE_SELECTION removed ${summary.removedFeatures.length} features: ${summary.removedFeatures.join(', ') || 'none'}`;
      if (run.method === 'NEURON_PRUNING') return `  NEURON_PRUNING removed ${summary.removedNeurons.length} hidden units; hidden layers now [${run.resultModel?.hiddenUnits.join(', ')}]`;
      return `  WEIGHT_PRUNING set ${(summary.sparsity * 100).toFixed(1)}% of the prunable weights to zero`;
    })
    .join('\n');
}
