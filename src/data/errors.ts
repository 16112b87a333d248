/** Separates an upload over the size limit (which an HTTP API reports as 413) from other invalid input. */
export type DatasetErrorCode = 'INVALID_DATASET' | 'FILE_TOO_LARGE';

/**
 * An input file or dataset option that cannot be used. `field` names the
 * request field at fault (for example 'file', 'targetColumn', 'columnNames'),
 * and the message names the invalid value and how to fix it.
 */
export class DatasetValidationError extends Error {
  readonly field: string;
  readonly code: DatasetErrorCode;

  constructor(field: string, message: string, code: DatasetErrorCode = 'INVALID_DATASET') {
    super(message);
    this.name = 'DatasetValidationError';
    this.field = field;
    this.code = code;
  }
}
