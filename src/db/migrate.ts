import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Returns the project root, the folder of prisma.config.ts, whether this file runs from src/ or dist/src/. */
export function findProjectRoot(): string {
  const candidate = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  return path.basename(candidate) === 'dist' ? path.dirname(candidate) : candidate;
}

/**
 * Applies the committed SQL migrations with `prisma migrate deploy`, which
 * records them in _prisma_migrations and applies each one once, then the
 * idempotent scripts of prisma/sql (functions and triggers).
 */
export async function applyMigrations(databaseUrl: string): Promise<string> {
  const output = (await pendingMigrations(databaseUrl)) ? await runPrismaMigrateDeploy(databaseUrl) : 'no pending migrations';
  await applySqlScripts(databaseUrl);
  return output;
}

/**
 * Returns true unless every committed migration is recorded as applied with
 * the same checksum (SHA-256 of migration.sql, as Prisma records it). The
 * Prisma CLI takes seconds to start, so starts without pending migrations
 * skip it; any doubt runs it.
 */
async function pendingMigrations(databaseUrl: string): Promise<boolean> {
  const folder = path.join(findProjectRoot(), 'prisma', 'migrations');
  const names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('public._prisma_migrations') AS name`);
    if (!table.rows[0].name) return true;
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    for (const name of names) {
      const checksum = createHash('sha256').update(await readFile(path.join(folder, name, 'migration.sql'))).digest('hex');
      if (applied.get(name) !== checksum) return true;
    }
    return false;
  } finally {
    await client.end();
  }
}

/** Runs every prisma/sql/*.sql script in name order, each as one multi-statement query. */
async function applySqlScripts(databaseUrl: string): Promise<void> {
  const folder = path.join(findProjectRoot(), 'prisma', 'sql');
  const files = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Several processes may start at once; the lock keeps their DDL apart.
    await client.query('SELECT pg_advisory_lock(7243002)');
    for (const file of files) await client.query(await readFile(path.join(folder, file), 'utf8'));
  } finally {
    await client.end();
  }
}

async function runPrismaMigrateDeploy(databaseUrl: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve('prisma/build/index.js');
  const cwd = findProjectRoot();

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma migrate deploy failed with exit code ${code}:\n${output}`));
    });
  });
}
