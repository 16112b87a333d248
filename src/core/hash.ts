import { createHash } from 'node:crypto';

/** Returns the lowercase hex SHA-256 of the given bytes or UTF-8 text. */
export function sha256Hex(...parts: Array<Uint8Array | string>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** Returns the bytes of a typed array as a Uint8Array view, without copying. */
export function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
