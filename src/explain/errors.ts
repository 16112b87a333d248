/**
 * Error for an invalid input to an importance method. The message names the
 * value and the fix, so callers can pass it on to users unchanged.
 */
export class ExplainValidationError extends Error {
  override readonly name = 'ExplainValidationError';
}
