import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/app.js';
import { createTestDatabase } from './database.js';

/** The ADMIN key every test app is started with. */
export const TEST_ADMIN_KEY = 'cx_test_admin_key_0123456789abcdef';

export interface TestApp extends RunningApp {
  /** Sends a GraphQL request with another key, or none when `key` is null. */
  graphqlAs<T = any>(key: string | null, query: string, variables?: Record<string, unknown>): Promise<{ status: number; data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> }>;
  /** Sends a GraphQL request over HTTP and returns the parsed JSON body. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> }>;
}

/**
 * Starts the whole service on a random port over a fresh database, with the
 * in-process worker unless `env.RUN_WORKER` is 'false'.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    RUN_WORKER: 'true',
    JOB_POLL_SECONDS: '0.5',
    JOB_MAINTENANCE_SECONDS: '2',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    ...env,
    DATABASE_URL: databaseUrl,
  });
  const app = await startApp(config, createLogger(config.LOG_LEVEL));

  const graphqlAs: TestApp['graphqlAs'] = async (key, query, variables) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return { status: response.status, ...((await response.json()) as object) };
  };
  const graphql: TestApp['graphql'] = async (query, variables) => {
    const { status: _status, ...body } = await graphqlAs(config.ADMIN_API_KEY ?? TEST_ADMIN_KEY, query, variables);
    return body;
  };

  return Object.assign(app, { graphql, graphqlAs });
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 120_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
