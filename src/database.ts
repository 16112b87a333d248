import path from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { applyMigrations } from './db/migrate.js';

export interface DatabaseConnection {
  url: string;
  mode: 'EMBEDDED' | 'EXTERNAL';
  stop(): Promise<void>;
}

/**
 * Connects to the configured PostgreSQL: the server of DATABASE_URL, or an
 * embedded server whose data lives in DATA_DIR. Applies pending migrations.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseConnection> {
  let connection: DatabaseConnection;
  if (config.DATABASE_URL) {
    connection = { url: config.DATABASE_URL, mode: 'EXTERNAL', stop: async () => {} };
  } else {
    const dataDir = path.resolve(config.DATA_DIR);
    const handle = await startEmbeddedPostgres({ dataDir, logger });
    logger.info({ dataDir, port: handle.port }, 'embedded PostgreSQL ready');
    connection = { url: handle.url, mode: 'EMBEDDED', stop: () => handle.stop() };
  }

  const started = Date.now();
  await applyMigrations(connection.url);
  logger.info({ durationMs: Date.now() - started }, 'database migrations applied');
  return connection;
}
