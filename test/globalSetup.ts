import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

/** Returns the URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Starts one PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL's
 * server) and migrates a template database that every test file copies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Tests that run the server and workers as separate processes use the compiled build.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // tsc still writes its output when it reports type errors, and the type check is a separate CI step.
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'inherit' });
  } catch {
    console.warn('tsc reported type errors; the process tests run on what it emitted');
  }

  let embedded: EmbeddedPostgresHandle | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cx-test-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir });
    adminUrl = embedded.url;
  }

  const templateDatabase = `cx_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  await applyMigrations(withDatabase(adminUrl, templateDatabase));

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`cx_%_${process.pid}_%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await client.end();
    await embedded?.stop();
  };
}
