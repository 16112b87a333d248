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
