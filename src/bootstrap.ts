import { ConfigError, loadConfig, type Config } from './config.js';
import type { Logger } from './logger.js';
import type { ServiceInfo } from './graphql/context.js';
import { JobQueue } from './jobs/queue.js';
import { PACKAGE_VERSION } from './version.js';

/** Loads the configuration, or prints every invalid value and exits with status 2. */
export function loadConfigOrExit(check?: (config: Config) => void): Config {
  try {
    const config = loadConfig();
    check?.(config);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** Creates and starts the job queue of a process from its configuration. */
export async function startQueue(config: Config, databaseUrl: string, logger: Logger): Promise<JobQueue> {
  const queue = new JobQueue({
    databaseUrl,
    leaseSeconds: config.JOB_LEASE_SECONDS,
    retryLimit: config.JOB_RETRY_LIMIT,
    pollSeconds: config.JOB_POLL_SECONDS,
    maintenanceSeconds: config.JOB_MAINTENANCE_SECONDS,
    logger,
  });
  await queue.start();
  return queue;
}

/** Describes this process for serverInfo, limits and the provenance of new models. */
export function serviceInfo(config: Config, backend: string, databaseMode: ServiceInfo['databaseMode']): ServiceInfo {
  return {
    version: PACKAGE_VERSION,
    backend,
    databaseMode,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    maxUploadRows: config.MAX_UPLOAD_ROWS,
    maxModelParameters: config.MAX_MODEL_PARAMETERS,
  };
}
