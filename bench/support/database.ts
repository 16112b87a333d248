import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';

/** The local PostgreSQL server of developer and CI machines, with trust authentication. */
export const LOCAL_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A PostgreSQL server the benchmarks may create and drop databases on. */
export interface BenchServer {
  /** URL of a maintenance database with a superuser. */
  adminUrl: string;
  /** LOCAL (BENCH_DATABASE_URL or 127.0.0.1:5432) or EMBEDDED (started for this run). */
  kind: 'LOCAL' | 'EMBEDDED';
  /** `SELECT version()` of the server. */
  version: string;
  stop(): Promise<void>;
}

/** A database created for one benchmark, dropped by `drop`. */
export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Connects to BENCH_DATABASE_URL, else to the local server on 127.0.0.1:5432,
 * else starts an embedded PostgreSQL in a temporary folder.
 */
export async function openBenchServer(log: (message: string) => void): Promise<BenchServer> {
  const configured = process.env.BENCH_DATABASE_URL;
  const candidate = configured ?? LOCAL_SERVER_URL;
  const version = await serverVersion(candidate);
  if (version) return { adminUrl: candidate, kind: 'LOCAL', version, stop: async () => {} };
  if (configured) throw new Error(`BENCH_DATABASE_URL does not accept connections; start that server or unset BENCH_DATABASE_URL`);

  log(`no PostgreSQL answers on ${new URL(LOCAL_SERVER_URL).host}; starting an embedded one`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cx-bench-pg-'));
  const handle = await startEmbeddedPostgres({ dataDir });
  const embeddedVersion = (await serverVersion(handle.url)) ?? 'unknown';
  return {
    adminUrl: handle.url,
    kind: 'EMBEDDED',
    version: embeddedVersion,
    async stop() {
      await handle.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty database named `cx_bench_<label>_<random>` on the server. */
export async function createBenchDatabase(server: BenchServer, label: string): Promise<BenchDatabase> {
  const name = `cx_bench_${label}_${randomBytes(4).toString('hex')}`;
  await withClient(server.adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withClient(server.adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Opens a client, runs `work` and always closes the client. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function serverVersion(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    return rows[0].version;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}
