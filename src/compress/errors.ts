/** Raised for an invalid compression configuration; the message names the value and the fix. */
export class CompressionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompressionConfigError';
  }
}

/** Raised when `isCancelled()` returned true; names the phase that was running. */
export class CompressionCancelledError extends Error {
  constructor(readonly phase: string) {
    super(`compression was cancelled during ${phase}`);
    this.name = 'CompressionCancelledError';
  }
}
