import { loadConfig, ConfigError } from './config.js';
import { createLogger } from './logger.js';
import { createPrismaClient } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { initBackend } from './ml/backend.js';
import { JobQueue } from './jobs/queue.js';
import { startWorkers } from './jobs/worker.js';
import { PACKAGE_VERSION } from './version.js';

/**
 * Runs job workers alone against DATABASE_URL. Any number of these processes,
 * on any number of machines, share the queue through PostgreSQL.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (!config.DATABASE_URL) throw new ConfigError('Invalid configuration:\n  DATABASE_URL is missing: a standalone worker needs the PostgreSQL server that the API uses');
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  await applyMigrations(config.DATABASE_URL);
  const db = createPrismaClient(config.DATABASE_URL, 4);
  const backend = await initBackend(config.TFJS_BACKEND);

  const queue = new JobQueue({
    databaseUrl: config.DATABASE_URL,
    leaseSeconds: config.JOB_LEASE_SECONDS,
    retryLimit: config.JOB_RETRY_LIMIT,
    pollSeconds: config.JOB_POLL_SECONDS,
    maintenanceSeconds: config.JOB_MAINTENANCE_SECONDS,
    logger,
  });
  await queue.start();
  await startWorkers(
    {
      db,
      queue,
      logger,
      info: {
        version: PACKAGE_VERSION,
        backend,
        databaseMode: 'EXTERNAL',
        maxUploadBytes: config.MAX_UPLOAD_BYTES,
        maxUploadRows: config.MAX_UPLOAD_ROWS,
        maxModelParameters: config.MAX_MODEL_PARAMETERS,
      },
    },
    config.WORKER_CONCURRENCY,
  );

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
