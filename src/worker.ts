import { createLogger } from './logger.js';
import { ConfigError } from './config.js';
import { createPrismaClient } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { initBackend } from './ml/backend.js';
import { startWorkers } from './jobs/worker.js';
import { loadConfigOrExit, serviceInfo, startQueue } from './bootstrap.js';

/**
 * Runs job workers alone against DATABASE_URL. Any number of these processes,
 * on any number of machines, share the queue through PostgreSQL.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit((loaded) => {
    if (!loaded.DATABASE_URL) {
      throw new ConfigError('Invalid configuration:\n  DATABASE_URL is missing: a standalone worker needs the PostgreSQL server that the API uses');
    }
  });
  const databaseUrl = config.DATABASE_URL!;
  const logger = createLogger(config.LOG_LEVEL);

  await applyMigrations(databaseUrl);
  const db = createPrismaClient(databaseUrl, 4);
  const backend = await initBackend(config.TFJS_BACKEND);
  const queue = await startQueue(config, databaseUrl, logger);
  await startWorkers({ db, queue, logger, info: serviceInfo(config, backend, 'EXTERNAL') }, config.WORKER_CONCURRENCY);

  const shutdown = async (signal: string) => {
    logger.info({ signal, workerId: queue.workerId }, 'worker shutting down');
    await queue.stop();
    await db.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  createLogger().fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
