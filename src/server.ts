import { loadConfig, ConfigError } from './config.js';
import { createLogger } from './logger.js';
import { startApp } from './app.js';

/** Starts the API (and, in embedded mode, a worker) and stops cleanly on SIGINT or SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, logger);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  createLogger().fatal({ err: error }, 'service failed to start');
  process.exit(1);
});
