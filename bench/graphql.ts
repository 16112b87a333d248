import { startApp, type RunningApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { authHeaders, postGraphQL, randomApiKey } from './support/apiKey.js';
import { createBenchDatabase, openBenchServer } from './support/database.js';
import { createTemplateRun, insertRunCopies } from './support/runFixtures.js';
import { installStatementCounter, type StatementCounter } from './support/statementCounter.js';
import { median, percentile, round } from './support/stats.js';
import type { Benchmark, BenchContext, BenchReport } from './support/types.js';

const SIZES = {
  smoke: { runCounts: [5, 10], requests: 10, warmup: 2 },
  full: { runCounts: [10, 100, 1_000], requests: 200, warmup: 20 },
} as const;

/** The API's largest page; a longer list is read page by page. */
const MAX_PAGE_SIZE = 100;

const LIST_QUERY = `query Runs($first: Int) {
  compressionRuns(first: $first) {
    totalCount
    edges { node {
      id method status durationMs
      sourceModel { id name parameterCount }
      resultModel { id name parameterCount nonZeroParameterCount sizeBytes }
      dataset { id name rowCount }
      summary { parametersBefore parametersAfter sparsity fidelity accuracyDrop metricsBefore { r2 } metricsAfter { r2 } }
    } }
  }
}`;

const LINEAGE_QUERY = `query Lineage($nodeId: ID!) {
  lineage(nodeId: $nodeId, direction: BOTH, depth: 20) { nodes { id kind label } edges { from to kind } }
}`;

/** Latency and SQL statements of one query at one number of runs. */
interface QueryMeasure {
  query: 'compressionRuns' | 'lineage';
  runs: number;
  /** `first` of the list query; null for lineage. */
  pageSize: number | null;
  /** Items the response carried: run edges, or lineage nodes. */
  items: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Median and largest SQL statements per request, job-queue statements excluded. */
  statementsPerRequest: number;
  maxStatementsPerRequest: number;
  /** The statements of the last request, shortened, to show what one request sends. */
  exampleStatements: string[];
}

interface Failure {
  query: string;
  runs: number;
  error: string;
}

export const graphqlBenchmark: Benchmark = {
  name: 'graphql',
  description: 'latency percentiles and SQL statements per request of the compressionRuns list and the lineage query',
  run: runGraphQL,
};

async function runGraphQL(context: BenchContext): Promise<BenchReport> {
  const size = SIZES[context.size];
  const pgServer = await openBenchServer(context.log);
  const database = await createBenchDatabase(pgServer, 'graphql');
  const counter = installStatementCounter();
  const apiKey = randomApiKey();
  let app: RunningApp | null = null;

  try {
    const config = loadConfig({
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      RUN_WORKER: 'true',
      JOB_POLL_SECONDS: '0.5',
      ADMIN_API_KEY: apiKey,
      // One benchmark sends over a thousand requests a minute with one key.
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    app = await startApp(config, createLogger('silent'));
    context.log('graphql: creating the template run through a real training and compression job');
    const template = await createTemplateRun(app.url, apiKey, app.db);
    const hasLineage = await queryFieldExists(app.url, apiKey, 'lineage');

    const measures: QueryMeasure[] = [];
    const failures: Failure[] = [];
    let runCount = 1;
    for (const target of size.runCounts) {
      await insertRunCopies(app.db, template, target - runCount);
      runCount = target;
      const first = Math.min(target, MAX_PAGE_SIZE);
      context.log(`graphql: ${target} runs, compressionRuns(first: ${first})`);
      await measureInto(measures, failures, () => measureQuery(app!.url, apiKey, counter, 'compressionRuns', target, first, LIST_QUERY, { first }, size));
      if (hasLineage) {
        context.log(`graphql: ${target} runs, lineage of the source model`);
        await measureInto(measures, failures, () => measureQuery(app!.url, apiKey, counter, 'lineage', target, null, LINEAGE_QUERY, { nodeId: template.run.sourceModelId }, size));
      }
    }

    return buildReport(measures, failures, { hasLineage, backend: app.info.backend, postgres: pgServer.version, serverKind: pgServer.kind, size });
  } finally {
    await app?.stop();
    counter.uninstall();
    await database.drop().catch((error) => context.log(`graphql: dropping ${database.name} failed: ${(error as Error).message}`));
    await pgServer.stop();
  }
}

async function measureInto(measures: QueryMeasure[], failures: Failure[], measure: () => Promise<QueryMeasure | Failure>): Promise<void> {
  const result = await measure();
  if ('error' in result) failures.push(result);
  else measures.push(result);
}

/** Sends warm-up requests, then `requests` sequential ones, timing each and counting its SQL statements. */
async function measureQuery(
  url: string,
  apiKey: string,
  counter: StatementCounter,
  query: QueryMeasure['query'],
  runs: number,
  pageSize: number | null,
  document: string,
  variables: Record<string, unknown>,
  size: { requests: number; warmup: number },
): Promise<QueryMeasure | Failure> {
  const body = JSON.stringify({ query: document, variables });
  const send = async () => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: authHeaders(apiKey), body });
    return JSON.parse(await response.text()) as { data?: any; errors?: Array<{ message: string }> };
  };

  const first = await send();
  if (first.errors?.length || !first.data) return { query, runs, error: first.errors?.map((error) => error.message).join('; ') ?? 'no data' };
  const items = query === 'lineage' ? first.data.lineage.nodes.length : first.data.compressionRuns.edges.length;
  for (let i = 1; i < size.warmup; i++) await send();

  const latencies: number[] = [];
  const statementCounts: number[] = [];
  let statements: string[] = [];
  for (let i = 0; i < size.requests; i++) {
    counter.start();
    const started = performance.now();
    const response = await send();
    latencies.push(performance.now() - started);
    statements = counter.stop();
    statementCounts.push(statements.length);
    if (response.errors?.length) return { query, runs, error: response.errors.map((error) => error.message).join('; ') };
  }

  return {
    query,
    runs,
    pageSize,
    items,
    requests: size.requests,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    statementsPerRequest: median(statementCounts),
    maxStatementsPerRequest: Math.max(...statementCounts),
    exampleStatements: statements.map((text) => text.replace(/\s+/g, ' ').slice(0, 120)),
  };
}

async function queryFieldExists(url: string, apiKey: string, field: string): Promise<boolean> {
  const response = await postGraphQL<{ __schema: { queryType: { fields: Array<{ name: string }> } } }>(url, apiKey, '{ __schema { queryType { fields { name } } } }');
  return Boolean(response.data?.__schema.queryType.fields.some((candidate) => candidate.name === field));
}

function buildReport(
  measures: QueryMeasure[],
  failures: Failure[],
  environment: { hasLineage: boolean; backend: string; postgres: string; serverKind: string; size: { requests: number; warmup: number } },
): BenchReport {
  const notes: string[] = [];
  if (!environment.hasLineage) notes.push('lineage: pending, the schema has no lineage query yet');
  for (const failure of failures) notes.push(`${failure.query} at ${failure.runs} runs failed: ${failure.error}`);
  notes.push(`compressionRuns pages hold at most ${MAX_PAGE_SIZE} runs, so at more runs the list query reads the first page of ${MAX_PAGE_SIZE}`);

  return {
    tfjsBackend: environment.backend,
    settings: {
      server: 'startApp in the benchmark process (in-process worker, external database), requests over HTTP to 127.0.0.1, one at a time',
      database: `${environment.serverKind}: ${environment.postgres}`,
      runs: 'copies of one real WEIGHT_PRUNING run (with summary and result model) inserted through Prisma, all from one source model',
      lineage: 'lineage(nodeId: source model, direction: BOTH, depth: 20): the dataset, the source model, every run and every result model',
      requests: environment.size.requests,
      warmup: environment.size.warmup,
      statements: 'counted by wrapping pg.Client.prototype.query (Prisma adapter and pg-boss), pgboss-schema statements excluded',
    },
    figures: { measures, failures, lineagePending: !environment.hasLineage },
    summary: measures.map(
      (measure) =>
        `${measure.query} at ${measure.runs} runs (${measure.items} items): p50 ${measure.p50Ms} ms, p95 ${measure.p95Ms} ms, p99 ${measure.p99Ms} ms, ${measure.statementsPerRequest} SQL statements per request`,
    ),
    notes,
  };
}
