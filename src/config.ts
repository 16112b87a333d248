import { z } from 'zod';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  PORT: integer(0, 65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_UPLOAD_BYTES: integer(1, 2 ** 40).default(100 * 1024 * 1024),
  MAX_UPLOAD_ROWS: integer(1, 1e9).default(5_000_000),
  MAX_MODEL_PARAMETERS: integer(1, 1e9).default(20_000_000),
  WORKER_CONCURRENCY: integer(1, 64).default(1),
  RUN_WORKER: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  JOB_LEASE_SECONDS: integer(3, 86_400).default(60),
  JOB_RETRY_LIMIT: integer(0, 100).default(3),
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  JOB_MAINTENANCE_SECONDS: integer(1, 3600).default(30),
  TFJS_BACKEND: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
  MAX_QUERY_DEPTH: integer(2, 100).default(12),
  MAX_QUERY_COMPLEXITY: integer(10, 1_000_000).default(20_000),
  MAX_QUERY_ALIASES: integer(0, 1000).default(30),
  RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000).default(1200),
  REQUEST_TIMEOUT_MS: integer(1000, 3_600_000).default(120_000),
  ADMIN_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Config = z.infer<typeof schema>;

/** Thrown at start-up when an environment variable has an invalid value. */
export class ConfigError extends Error {}

/**
 * Reads and validates the configuration from environment variables, so that
 * an invalid value stops the process at start-up with one line per problem.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;

  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = name === 'DATABASE_URL' || name === 'ADMIN_API_KEY' ? '(hidden)' : JSON.stringify(env[name]);
    return `${name}=${value}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}
