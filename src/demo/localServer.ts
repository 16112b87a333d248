import { createServer } from 'node:net';
import path from 'node:path';
import { startApp, type RunningApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';

/** Port the demo prefers, so the URLs it prints match the README examples. */
const PREFERRED_PORT = 4000;

/** An in-process service and where its data lives. */
export interface LocalServer {
  app: RunningApp;
  /** Absolute DATA_DIR of the embedded PostgreSQL; null when DATABASE_URL points elsewhere. */
  dataDir: string | null;
}

/** Resolves true when nothing listens on host:port. */
function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * Starts the whole service in this process: embedded PostgreSQL in DATA_DIR
 * (unless DATABASE_URL is set), migrations, an in-process worker and the HTTP
 * API. PORT defaults to 4000, or to a free port when 4000 is taken, and
 * LOG_LEVEL to warn so that the terminal shows the demo rather than logs.
 */
export async function startLocalServer(env: NodeJS.ProcessEnv = process.env): Promise<LocalServer> {
  const host = env.HOST || '127.0.0.1';
  const port = env.PORT || ((await isPortFree(host, PREFERRED_PORT)) ? String(PREFERRED_PORT) : '0');
  const config = loadConfig({
    ...env,
    HOST: host,
    PORT: port,
    LOG_LEVEL: env.LOG_LEVEL || 'warn',
    RUN_WORKER: env.RUN_WORKER || 'true',
  });

  const app = await startApp(config, createLogger(config.LOG_LEVEL));
  return { app, dataDir: config.DATABASE_URL ? null : path.resolve(config.DATA_DIR) };
}
