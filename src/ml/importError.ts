/** Raised when a model file cannot be imported: an unsupported layer, activation, shape or an input size that does not fit the data. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
