import type { Database } from '../db/client.js';
import { badInput, notFound, requireUuid } from '../graphql/errors.js';
import type { HeadlineMetric, RunComparisonRow } from '../graphql/types/comparison.js';

export const MAX_COMPARED_RUNS = 100;

/** Fields of the run summary that src/jobs/compress.ts stores and a comparison row reads. */
interface StoredSummary {
  metricsBefore?: { accuracy: number | null; r2: number | null };
  metricsAfter?: { accuracy: number | null; r2: number | null };
  accuracyDrop?: number | null;
  parametersBefore?: number;
  parametersAfter?: number;
  nonZeroBefore?: number;
  nonZeroAfter?: number;
  sizeBytesBefore?: number;
  sizeBytesAfter?: number;
  sparsity?: number;
  featuresBefore?: number;
  featuresAfter?: number;
  fidelity?: number | null;
  explanation?: {
    spearman: number | null;
    kendall: number | null;
    featureAgreement: number;
    rankAgreement: number;
    signAgreement: number;
  };
}

interface RunRow {
  id: string;
  method: RunComparisonRow['method'];
  status: RunComparisonRow['status'];
  config: unknown;
  sourceModelId: string;
  resultModelId: string | null;
  datasetId: string;
  task: string;
  summary: StoredSummary | null;
  durationMs: number | null;
  error: string | null;
}

/** Runs with their result model and dataset task; $1 is the comma-separated run ids. */
const RUNS_SQL = `
SELECT r.id::text AS id, r.method::text AS method, r.status::text AS status, r.config, r."sourceModelId"::text AS "sourceModelId",
  m.id::text AS "resultModelId", r."datasetId"::text AS "datasetId", d.task::text AS task, r.summary, r."durationMs", r.error
FROM "CompressionRun" r
JOIN "Dataset" d ON d.id = r."datasetId"
LEFT JOIN "Model" m ON m."producedByRunId" = r.id
WHERE r.id = ANY (string_to_array($1::text, ',')::uuid[])`;

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function toRow(run: RunRow): RunComparisonRow {
  const metric: HeadlineMetric = run.task === 'REGRESSION' ? 'R2' : 'ACCURACY';
  const summary = run.status === 'SUCCEEDED' ? (run.summary ?? {}) : {};
  const score = (metrics: StoredSummary['metricsBefore']) => {
    if (!metrics) return null;
    return metric === 'R2' ? metrics.r2 : metrics.accuracy;
  };
  const explanation = summary.explanation;

  return {
    id: run.id,
    method: run.method,
    status: run.status,
    config: run.config,
    sourceModelId: run.sourceModelId,
    resultModelId: run.resultModelId,
    datasetId: run.datasetId,
    metric,
    metricBefore: score(summary.metricsBefore),
    metricAfter: score(summary.metricsAfter),
    accuracyDrop: orNull(summary.accuracyDrop),
    parametersBefore: orNull(summary.parametersBefore),
    parametersAfter: orNull(summary.parametersAfter),
    nonZeroBefore: orNull(summary.nonZeroBefore),
    nonZeroAfter: orNull(summary.nonZeroAfter),
    sizeBytesBefore: orNull(summary.sizeBytesBefore),
    sizeBytesAfter: orNull(summary.sizeBytesAfter),
    sparsity: orNull(summary.sparsity),
    featuresBefore: orNull(summary.featuresBefore),
    featuresAfter: orNull(summary.featuresAfter),
    fidelity: orNull(summary.fidelity),
    spearman: explanation?.spearman ?? null,
    kendall: explanation?.kendall ?? null,
    featureAgreement: explanation?.featureAgreement ?? null,
    rankAgreement: explanation?.rankAgreement ?? null,
    signAgreement: explanation?.signAgreement ?? null,
    durationMs: run.durationMs,
    error: run.error,
  };
}

/**
 * Returns one comparison row per id, in the order given, read from the run
 * summaries in one query. Raises NOT_FOUND for the first unknown id.
 */
export async function compareRuns(db: Database, ids: string[]): Promise<RunComparisonRow[]> {
  if (ids.length > MAX_COMPARED_RUNS) {
    throw badInput(`ids has ${ids.length} entries; compare at most ${MAX_COMPARED_RUNS} runs per request`, 'ids');
  }
  if (ids.length === 0) return [];
  const keys = ids.map((id) => requireUuid('CompressionRun', id).toLowerCase());

  const runs = await db.$queryRawUnsafe<RunRow[]>(RUNS_SQL, [...new Set(keys)].join(','));

  const byId = new Map(runs.map((run) => [run.id, run]));
  return keys.map((key, index) => {
    const run = byId.get(key);
    if (!run) throw notFound('CompressionRun', ids[index]);
    return toRow(run);
  });
}
