/**
 * An error caused by the job's own input or computation (a bad configuration,
 * a diverging model), which a retry would repeat: the job is marked FAILED
 * with this message instead of being retried.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** Returns a message a user can act on for an error thrown by a compute step. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

// Connection failures of pg and the Prisma pg adapter, PostgreSQL's shutdown and
// connection-exception SQLSTATEs (57P01-57P03, class 08) and Prisma's P1001/P1017.
const TRANSIENT_DATABASE_ERROR =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|terminating connection|Connection terminated|server closed the connection|database system is (starting up|shutting down)|timeout exceeded when trying to connect|\b(57P0[123]|08000|08001|08003|08006|P1001|P1017)\b|DatabaseNotReachable|Can't reach database server/i;

/**
 * True for an error of the database connection (refused, reset, or cut by a
 * server restart), which a later delivery of the job can overcome, so the
 * job is retried instead of marked FAILED.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return TRANSIENT_DATABASE_ERROR.test(`${typeof code === 'string' ? code : ''} ${describeError(error)}`);
}
