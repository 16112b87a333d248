import { execFile } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { postGraphQL, randomApiKey, requireData, type GraphQLResponse } from './support/apiKey.js';
import { createBenchDatabase, openBenchServer, withClient } from './support/database.js';
import { FEATURE_NAMES, writeFriedman20Csv } from './support/friedman20.js';
import { readMemory, resetPeakMemory, sampleMemory, startServerProcess, type ServerProcess } from './support/serverProcess.js';
import { fitGrowth, round } from './support/stats.js';
import { timed } from './support/timing.js';
import type { Benchmark, BenchContext, BenchReport } from './support/types.js';

const run = promisify(execFile);

const SIZES = {
  smoke: { rows: [2_000, 5_000, 10_000] },
  full: { rows: [100_000, 300_000, 1_000_000] },
} as const;

/** The peak resident memory the server must stay under while it ingests the largest file. */
const PEAK_MEMORY_LIMIT_BYTES = 1024 ** 3;

const CSV_SEED = 20_240_601;

/** Rows of the small upload that each fresh server takes before the measured one, so that first-request costs stay out. */
const WARMUP_ROWS = 1_000;

const CREATE_DATASET = `mutation Ingest($file: Upload!) {
  createDataset(input: { name: "ingest benchmark", file: $file, targetColumn: "y", task: REGRESSION }) { id rowCount featureCount }
}`;

/** One measured file size. */
interface IngestPoint {
  rows: number;
  fileBytes: number;
  /** Seconds of the upload request, or null when the API failed to store the file. */
  apiSeconds: number | null;
  /** Reason the upload failed (the API message and the server error log), or null. */
  apiError: string | null;
  copySeconds: number | null;
  /** apiSeconds / copySeconds. */
  ratio: number | null;
  /** VmHWM of the server during the upload, reset to the idle RSS before it. */
  serverPeakBytes: number;
  /** Largest VmRSS seen by sampling every 50 ms, a cross-check of the peak. */
  serverSampledPeakBytes: number;
  serverIdleBytes: number;
  /** VmRSS of the server right after the upload: memory it kept. */
  serverRssAfterBytes: number;
}

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  description: 'CSV upload through the GraphQL API against PostgreSQL COPY of the same file; server peak memory',
  run: runIngest,
};

async function runIngest(context: BenchContext): Promise<BenchReport> {
  const sizes = SIZES[context.size].rows;
  const notes: string[] = [];
  const folder = await mkdtemp(path.join(os.tmpdir(), 'cx-bench-ingest-'));
  const pgServer = await openBenchServer(context.log);
  const database = await createBenchDatabase(pgServer, 'ingest');
  const apiKey = randomApiKey();
  let server: ServerProcess | null = null;
  const startServer = () =>
    startServerProcess({ DATABASE_URL: database.url, ADMIN_API_KEY: apiKey, MAX_UPLOAD_BYTES: String(4 * 1024 ** 3), RATE_LIMIT_PER_MINUTE: '1000000' });

  try {
    server = await startServer();
    const backend = await serverBackend(server.url, apiKey);
    const psql = await psqlVersion();
    if (!psql) notes.push('psql is not installed, so the PostgreSQL COPY reference was not measured');

    const warmupFile = path.join(folder, 'warmup.csv');
    await writeFriedman20Csv(warmupFile, WARMUP_ROWS, CSV_SEED + 1);

    const points: IngestPoint[] = [];
    for (const [index, rows] of sizes.entries()) {
      // A fresh server per size, so that memory kept from a previous upload does not count in this peak.
      if (index > 0) {
        await server.stop();
        server = await startServer();
      }
      requireData(await uploadCsv(server.url, apiKey, warmupFile), `warm-up upload of ${WARMUP_ROWS} rows`);
      const file = path.join(folder, `friedman20-${rows}.csv`);
      context.log(`ingest: writing ${rows} rows to ${file}`);
      const fileBytes = await writeFriedman20Csv(file, rows, CSV_SEED);
      points.push(await measureSize(context, server, apiKey, database.url, file, rows, fileBytes, psql !== null));
      await rm(file, { force: true });
    }

    return buildReport(points, { backend, psql, postgres: pgServer.version, serverKind: pgServer.kind, notes });
  } finally {
    await server?.stop();
    await database.drop().catch((error) => context.log(`ingest: dropping ${database.name} failed: ${(error as Error).message}`));
    await pgServer.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

async function measureSize(
  context: BenchContext,
  server: ServerProcess,
  apiKey: string,
  databaseUrl: string,
  file: string,
  rows: number,
  fileBytes: number,
  withCopy: boolean,
): Promise<IngestPoint> {
  const serverIdleBytes = readMemory(server.pid).rss;
  if (!resetPeakMemory(server.pid)) throw new Error(`cannot reset the peak memory of process ${server.pid} through /proc/${server.pid}/clear_refs; run the benchmark on Linux as the server's user`);
  const sampler = sampleMemory(server.pid);
  const errorLogsBefore = server.errorLogs.length;

  context.log(`ingest: uploading ${rows} rows (${(fileBytes / 1e6).toFixed(1)} MB)`);
  const upload = await timed(() => uploadCsv(server.url, apiKey, file));
  const serverSampledPeakBytes = sampler.stop();
  const { peak: serverPeakBytes, rss: serverRssAfterBytes } = readMemory(server.pid);
  if (upload.value.errors?.length) await waitForErrorLog(server, errorLogsBefore);
  const apiError = uploadProblem(upload.value, rows, server.errorLogs.slice(errorLogsBefore));
  if (apiError) context.log(`ingest: ${apiError}`);

  let copySeconds: number | null = null;
  if (withCopy) {
    context.log(`ingest: COPY of ${rows} rows`);
    copySeconds = await copyReference(databaseUrl, file, rows);
  }

  return {
    rows,
    fileBytes,
    apiSeconds: apiError ? null : upload.seconds,
    apiError,
    copySeconds,
    ratio: copySeconds && !apiError ? upload.seconds / copySeconds : null,
    serverPeakBytes,
    serverSampledPeakBytes,
    serverIdleBytes,
    serverRssAfterBytes,
  };
}

/** Waits up to two seconds for the server's error log line, which it may write after the response. */
async function waitForErrorLog(server: ServerProcess, countBefore: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (server.errorLogs.length === countBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Returns why the upload did not store every row, with the server's last error lines, or null when it did. */
function uploadProblem(response: GraphQLResponse<{ createDataset: { rowCount: number } }>, rows: number, errorLogs: string[]): string | null {
  const serverLog = errorLogs.slice(-2).map((line) => line.split('\n').filter(Boolean).slice(0, 4).join(' ')).join(' | ');
  if (response.errors?.length) {
    return `createDataset of ${rows} rows failed: ${response.errors.map((error) => error.message).join('; ')}${serverLog ? `; server log: ${serverLog}` : ''}`;
  }
  const stored = response.data?.createDataset.rowCount;
  if (stored !== rows) return `createDataset stored ${stored} rows of ${rows}`;
  return null;
}

/**
 * Uploads the file as a GraphQL multipart request (operations, map, file part)
 * with a file-backed Blob, so the benchmark process streams it from disk.
 */
async function uploadCsv(url: string, apiKey: string, file: string): Promise<GraphQLResponse<{ createDataset: { id: string; rowCount: number } }>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: CREATE_DATASET, variables: { file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', await openAsBlob(file, { type: 'text/csv' }), path.basename(file));

  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'apollo-require-preflight': 'true' },
    body: form,
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`upload returned HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
}

/** Times psql's client-side \copy of the file into a fresh table of 20 float8 features and a float8 target. */
async function copyReference(databaseUrl: string, file: string, rows: number): Promise<number> {
  const table = `copy_reference_${rows}`;
  const columns = [...FEATURE_NAMES, 'y'].map((name) => `${name} float8`).join(', ');
  await withClient(databaseUrl, (client) => client.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${columns})`));

  const copy = await timed(() => run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)`]));
  const copied = Number(/COPY (\d+)/.exec(copy.value.stdout)?.[1]);
  await withClient(databaseUrl, (client) => client.query(`DROP TABLE ${table}`));
  if (copied !== rows) throw new Error(`COPY loaded ${copied} rows of ${rows}; psql printed ${copy.value.stdout.trim()}`);
  return copy.seconds;
}

async function psqlVersion(): Promise<string | null> {
  try {
    return (await run('psql', ['--version'])).stdout.trim();
  } catch {
    return null;
  }
}

async function serverBackend(url: string, apiKey: string): Promise<string> {
  const info = requireData(await postGraphQL<{ serverInfo: { backend: string } }>(url, apiKey, '{ serverInfo { backend } }'), 'serverInfo');
  return info.serverInfo.backend;
}

function buildReport(
  points: IngestPoint[],
  environment: { backend: string; psql: string | null; postgres: string; serverKind: string; notes: string[] },
): BenchReport {
  const largest = points.at(-1)!;
  const stored = points.filter((point) => point.apiSeconds !== null);
  const apiGrowth = stored.length >= 2 ? fitGrowth(stored.map((point) => ({ size: point.rows, value: point.apiSeconds! }))) : null;
  const copyPoints = points.filter((point) => point.copySeconds !== null);
  const copyGrowth = copyPoints.length >= 2 ? fitGrowth(copyPoints.map((point) => ({ size: point.rows, value: point.copySeconds! }))) : null;
  const peakWithinLimit = largest.serverPeakBytes < PEAK_MEMORY_LIMIT_BYTES;

  const notes = [...environment.notes];
  for (const point of points) if (point.apiError) notes.push(`API ingest at ${point.rows} rows failed: ${point.apiError}`);
  if (!peakWithinLimit) notes.push(`server peak memory ${mib(largest.serverPeakBytes)} MiB exceeds the 1 GiB limit at ${largest.rows} rows`);
  if (largest.apiError) notes.push(`the peak memory at ${largest.rows} rows is the peak up to the failure, not of a complete ingest`);

  return {
    tfjsBackend: environment.backend,
    settings: {
      rows: points.map((point) => point.rows),
      columns: '20 float features x1…x20 and target y, six decimals, seeded Friedman #1',
      upload: 'GraphQL multipart request (graphql-upload), file-backed Blob streamed by fetch',
      reference: 'psql \\copy into a table of 21 float8 columns (FORMAT csv, HEADER true)',
      server: 'node dist/src/server.js as a child process, RUN_WORKER off, one fresh database, a fresh server process per size',
      memory: 'VmHWM of the server process, reset through /proc/<pid>/clear_refs before each upload',
      database: `${environment.serverKind}: ${environment.postgres}`,
      psql: environment.psql,
    },
    figures: {
      points: points.map((point) => ({
        ...point,
        apiSeconds: point.apiSeconds && round(point.apiSeconds),
        copySeconds: point.copySeconds && round(point.copySeconds),
        ratio: point.ratio && round(point.ratio, 3),
      })),
      largest: {
        rows: largest.rows,
        stored: largest.apiError === null,
        apiSeconds: largest.apiSeconds && round(largest.apiSeconds),
        copySeconds: largest.copySeconds && round(largest.copySeconds),
        ratio: largest.ratio && round(largest.ratio, 3),
        serverPeakMiB: mib(largest.serverPeakBytes),
        peakWithinLimit,
      },
      growth: { api: apiGrowth && roundGrowth(apiGrowth), copy: copyGrowth && roundGrowth(copyGrowth) },
    },
    summary: [
      ...points.map((point) => {
        const api = point.apiSeconds === null ? 'API FAILED (see note)' : `API ${point.apiSeconds.toFixed(2)} s`;
        return `${point.rows} rows (${(point.fileBytes / 1e6).toFixed(1)} MB): ${api}, COPY ${point.copySeconds?.toFixed(2) ?? 'n/a'} s, ratio ${point.ratio?.toFixed(2) ?? 'n/a'}, server peak ${mib(point.serverPeakBytes)} MiB (idle ${mib(point.serverIdleBytes)} MiB before, ${mib(point.serverRssAfterBytes)} MiB after)`;
      }),
      `growth exponent against rows: API ${apiGrowth ? `${apiGrowth.exponent.toFixed(3)} (R² ${apiGrowth.r2.toFixed(3)})` : 'n/a'}, COPY ${copyGrowth ? copyGrowth.exponent.toFixed(3) : 'n/a'}`,
      `server peak memory at ${largest.rows} rows: ${mib(largest.serverPeakBytes)} MiB, ${peakWithinLimit ? 'under' : 'OVER'} the 1 GiB limit`,
    ],
    notes,
  };
}

function mib(bytes: number): number {
  return round(bytes / 1024 ** 2, 4);
}

function roundGrowth(growth: ReturnType<typeof fitGrowth>) {
  return { exponent: round(growth.exponent, 3), r2: round(growth.r2, 3) };
}
