import { pino, type Logger } from 'pino';

/** Creates the service's structured JSON logger; secrets are redacted by path. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'compression-explainability' },
    redact: {
      paths: ['databaseUrl', 'connectionString', 'apiKey', 'authorization', 'req.headers.authorization', '*.password'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
