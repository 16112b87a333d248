import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { authHeaders, postGraphQL, randomApiKey, requireData } from './support/apiKey.js';
import { createBenchDatabase, openBenchServer } from './support/database.js';
import { startServerProcess, type ServerProcess } from './support/serverProcess.js';
import { percentile } from './support/stats.js';
import type { Benchmark, BenchContext, BenchReport } from './support/types.js';

/** Options of one load run; the defaults are the documented full run. */
export interface LoadOptions {
  /** Concurrent HTTP connections. Default 50. */
  connections?: number;
  /** Length of the measured phase in seconds. Default 60. */
  durationSeconds?: number;
  /** Receives one progress line per step; default writes to stderr. */
  log?: (message: string) => void;
}

/** A run of a few seconds, for CI. */
export const SMOKE_LOAD: Required<Pick<LoadOptions, 'connections' | 'durationSeconds'>> = { connections: 5, durationSeconds: 3 };
const FULL_LOAD: Required<Pick<LoadOptions, 'connections' | 'durationSeconds'>> = { connections: 50, durationSeconds: 60 };

/** Requests per minute allowed per key during the run, so that the rate limiter rejects no request with 429. */
const RATE_LIMIT_PER_MINUTE = 1_000_000;

/** Seeded compression runs, one per method. */
const SEED_RUNS = [
  'method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5, fineTuneEpochs: 2 }',
  'method: FEATURE_SELECTION, featureSelection: { keep: 5, fineTuneEpochs: 2 }',
  'method: NEURON_PRUNING, neuronPruning: { fraction: 0.5, fineTuneEpochs: 2 }',
];

const QUERIES = {
  datasets: '{ datasets(first: 20) { totalCount edges { cursor node { id name task rowCount featureCount createdAt } } pageInfo { hasNextPage endCursor } } }',
  models: '{ models(first: 20) { totalCount edges { node { id name status architecture parameterCount nonZeroParameterCount metrics { split r2 rmse } } } } }',
  compressionRuns: `{ compressionRuns(first: 20) { totalCount edges { node {
    id method status progress durationMs
    sourceModel { id name parameterCount }
    resultModel { id name nonZeroParameterCount sizeBytes }
    dataset { id name rowCount }
    summary { sparsity fidelity accuracyDrop parametersBefore parametersAfter metricsAfter { r2 } }
  } } } }`,
  serverInfo: '{ serverInfo { version backend databaseMode } }',
  modelDetail: `query($id: ID!) { model(id: $id) {
    id name status architecture inputFeatures parameterCount sizeBytes weightsHash backend seed createdAt
    dataset { id name featureNames }
    metrics { split accuracy r2 rmse }
    interpretability { activeFeatures effectiveFeatures giniSparseness }
    importance(method: PERMUTATION) { method scores { name value rank } }
    producedBy { id method }
  } }`,
  createSyntheticDataset: 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 20, noise: 1, seed: 7, name: "load" }) { id rowCount } }',
  computeImportance: 'mutation($id: ID!) { computeImportance(input: { modelId: $id, method: PERMUTATION, repeats: 1 }) { id method } }',
} as const;

type RequestName = keyof typeof QUERIES;

/** The order in which every connection sends requests, over and over: 18 queries and 2 mutations in 20. */
const MIX: RequestName[] = [
  'datasets', 'models', 'compressionRuns', 'serverInfo', 'modelDetail',
  'compressionRuns', 'models', 'createSyntheticDataset', 'modelDetail', 'datasets',
  'serverInfo', 'compressionRuns', 'modelDetail', 'models', 'datasets',
  'compressionRuns', 'computeImportance', 'modelDetail', 'serverInfo', 'models',
];

/** The part of autocannon 9's API used here; the package ships no type declarations. */
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  onResponse?: (status: number, body: string) => void;
}
interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; average: number; max: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
}
type Autocannon = (options: { url: string; connections: number; duration: number; requests: AutocannonRequest[]; timeout: number }) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Seed {
  datasetId: string;
  modelId: string;
  runIds: string[];
}

async function waitUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Creates a dataset, trains a model and runs one compression per method, through the API with its worker. */
async function seed(url: string, apiKey: string): Promise<Seed> {
  const dataset = requireData(await postGraphQL(url, apiKey, 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 500, noise: 1, seed: 1, name: "load seed" }) { id } }'), 'createSyntheticDataset');
  const datasetId = dataset.createSyntheticDataset.id as string;

  const trained = requireData(await postGraphQL(url, apiKey, 'mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "load seed", architecture: MLP, hiddenUnits: [16], epochs: 10 }) { id } }', { d: datasetId }), 'trainModel');
  const modelId = trained.trainModel.id as string;
  await waitUntil('training of the seed model', async () => {
    const model = requireData(await postGraphQL(url, apiKey, 'query($id: ID!) { model(id: $id) { status } }', { id: modelId }), 'model').model;
    if (model.status === 'FAILED') throw new Error(`the seed model ${modelId} failed to train`);
    return model.status === 'READY' ? true : undefined;
  }, 120_000);

  const runIds: string[] = [];
  for (const options of SEED_RUNS) {
    const queued = requireData(await postGraphQL(url, apiKey, `mutation($m: ID!) { compressModel(input: { modelId: $m, ${options} }) { id } }`, { m: modelId }), 'compressModel');
    runIds.push(queued.compressModel.id as string);
  }
  await waitUntil('the seed compression runs', async () => {
    const runs = requireData(await postGraphQL(url, apiKey, '{ compressionRuns(first: 10) { edges { node { status } } } }'), 'compressionRuns');
    const statuses = runs.compressionRuns.edges.map((edge: { node: { status: string } }) => edge.node.status);
    return statuses.every((status: string) => status === 'SUCCEEDED' || status === 'FAILED') ? true : undefined;
  }, 180_000);

  return { datasetId, modelId, runIds };
}

/** Builds the request sequence of each connection, counting GraphQL errors in response bodies. */
function buildRequests(apiKey: string, modelId: string, errorCounts: Record<string, number>): AutocannonRequest[] {
  const headers = authHeaders(apiKey);
  return MIX.map((name) => ({
    method: 'POST',
    path: '/graphql',
    headers,
    body: JSON.stringify({ query: QUERIES[name], variables: name === 'modelDetail' || name === 'computeImportance' ? { id: modelId } : undefined }),
    onResponse: (_status: number, body: string) => {
      if (!body.includes('"errors"')) return;
      const match = /"code":"([A-Z_]+)"/.exec(body);
      const key = `${name}:${match?.[1] ?? 'NO_CODE'}`;
      errorCounts[key] = (errorCounts[key] ?? 0) + 1;
    },
  }));
}

function serverEnv(databaseUrl: string, apiKey: string, runWorker: boolean): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    ADMIN_API_KEY: apiKey,
    RUN_WORKER: String(runWorker),
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
    JOB_POLL_SECONDS: '0.5',
  };
}

/**
 * Runs the API alone in a child process over a fresh database, seeds it
 * through a first API process with its worker, then sends a fixed mix of
 * queries and mutations from `connections` autocannon connections for
 * `durationSeconds`. Returns throughput, latency percentiles and the counts
 * of non-2xx and 5xx responses. It raises for no status code, because the
 * caller decides what a 5xx means. Needs the compiled build (`npm run build`).
 */
export async function runLoad(options: LoadOptions = {}): Promise<Record<string, unknown>> {
  const connections = options.connections ?? FULL_LOAD.connections;
  const durationSeconds = options.durationSeconds ?? FULL_LOAD.durationSeconds;
  if (!Number.isInteger(connections) || connections < 1) throw new RangeError(`connections=${connections} is invalid; use a positive integer`);
  if (!(durationSeconds > 0)) throw new RangeError(`durationSeconds=${durationSeconds} is invalid; use a positive number`);
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  const pgServer = await openBenchServer(log);
  const database = await createBenchDatabase(pgServer, 'load');
  const apiKey = randomApiKey();
  let server: ServerProcess | null = null;

  try {
    log(`seeding ${database.name} on ${pgServer.kind} PostgreSQL`);
    server = await startServerProcess(serverEnv(database.url, apiKey, true));
    const seeded = await seed(server.url, apiKey);
    await server.stop();

    // The worker would compete with the API for the same cores, so the measured API runs without it.
    server = await startServerProcess(serverEnv(database.url, apiKey, false));
    log(`sending the request mix over ${connections} connections for ${durationSeconds} s to ${server.url}`);
    const measured = await measure(server.url, apiKey, seeded.modelId, connections, durationSeconds);

    const health = await fetch(`${server.url}/healthz`);
    return {
      settings: { connections, durationSeconds, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, worker: false, mix: MIX, database: { kind: pgServer.kind, version: pgServer.version } },
      ...measured,
      healthAfter: health.status,
      serverErrorLogs: server.errorLogs.length,
      serverErrorExamples: server.errorLogs.slice(0, 3),
      seeded,
    };
  } finally {
    await server?.stop();
    await database.drop();
    await pgServer.stop();
  }
}

async function measure(url: string, apiKey: string, modelId: string, connections: number, durationSeconds: number) {
  const graphQLErrors: Record<string, number> = {};
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};

  const instance = autocannon({ url, connections, duration: durationSeconds, requests: buildRequests(apiKey, modelId, graphQLErrors), timeout: 30 });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
  });
  const result = await instance;

  const fixed = (value: number, decimals: number) => Number(value.toFixed(decimals));
  const count = (predicate: (status: number) => boolean) =>
    Object.entries(statusCounts).reduce((sum, [status, n]) => (predicate(Number(status)) ? sum + n : sum), 0);
  const responses = latencies.length;
  return {
    responses,
    measuredSeconds: fixed(result.duration, 2),
    requestsPerSecond: fixed(responses / result.duration, 1),
    latencyMs: responses
      ? { p50: fixed(percentile(latencies, 50), 1), p95: fixed(percentile(latencies, 95), 1), p99: fixed(percentile(latencies, 99), 1), max: fixed(latencies.reduce((largest, value) => Math.max(largest, value), 0), 1) }
      : null,
    statusCounts,
    non2xx: count((status) => status < 200 || status >= 300),
    fiveXx: count((status) => status >= 500),
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    graphQLErrors,
  };
}

/** The load run for the benchmark runner: `--size smoke` sends SMOKE_LOAD, `full` the defaults. */
export const loadBenchmark: Benchmark = {
  name: 'load',
  description: 'mixed GraphQL queries and mutations from concurrent connections (autocannon): requests/s, latency percentiles, non-2xx and 5xx counts',
  async run(context: BenchContext): Promise<BenchReport> {
    const sizes = context.size === 'smoke' ? SMOKE_LOAD : FULL_LOAD;
    const { settings, ...figures } = await runLoad({ ...sizes, log: context.log });
    const latency = figures.latencyMs as { p50: number; p95: number; p99: number } | null;
    return {
      tfjsBackend: null,
      settings: settings as Record<string, unknown>,
      figures,
      summary: [
        `${figures.requestsPerSecond} requests/s over ${sizes.connections} connections for ${sizes.durationSeconds} s`,
        latency ? `latency p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms` : 'no responses',
        `non-2xx ${figures.non2xx}, 5xx ${figures.fiveXx}, connection errors ${figures.connectionErrors}`,
      ],
      notes: Number(figures.fiveXx) > 0 ? [`${figures.fiveXx} responses had a 5xx status`] : [],
    };
  },
};

function parseArguments(argv: string[]): LoadOptions {
  const options: LoadOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--smoke') Object.assign(options, SMOKE_LOAD);
    else if (argument === '--connections') options.connections = Number(argv[++i]);
    else if (argument === '--duration') options.durationSeconds = Number(argv[++i]);
    else throw new Error(`argument ${argument} is unknown; use --connections N, --duration SECONDS or --smoke`);
  }
  return options;
}

async function main(): Promise<void> {
  const result = await runLoad(parseArguments(process.argv.slice(2)));
  console.log(JSON.stringify(result, null, 2));
  if (Number(result.fiveXx) > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    // Open pg pools would keep the process alive after the run.
    () => process.exit(),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack ?? error.message : error);
      process.exit(1);
    },
  );
}
