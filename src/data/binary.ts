import { bytesOf, sha256Hex } from '../core/hash.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Returns the values as little-endian float64 bytes. */
export function encodeMatrix(values: Float64Array): Buffer {
  return Buffer.from(littleEndianBytes(values, 8));
}

/** Reads little-endian float64 bytes into a new Float64Array; throws when the length is not a multiple of 8. */
export function decodeMatrix(bytes: Uint8Array): Float64Array {
  return decode(bytes, 8, Float64Array, 'float64');
}

/** Returns the indices as little-endian int32 bytes. */
export function encodeIndices(indices: Int32Array): Buffer {
  return Buffer.from(littleEndianBytes(indices, 4));
}

/** Reads little-endian int32 bytes into a new Int32Array; throws when the length is not a multiple of 4. */
export function decodeIndices(bytes: Uint8Array): Int32Array {
  return decode(bytes, 4, Int32Array, 'int32');
}

/**
 * Returns the SHA-256 (hex) of a dataset's canonical content: the JSON of
 * {featureNames, target} and a line break, then X and y as little-endian
 * float64 bytes. Split, statistics and encoding are not part of it.
 */
export function computeContentHash(featureNames: string[], targetColumn: string, X: Float64Array, y: Float64Array): string {
  const header = `${JSON.stringify({ featureNames, target: targetColumn })}\n`;
  return sha256Hex(header, littleEndianBytes(X, 8), littleEndianBytes(y, 8));
}

// A view of the bytes on little-endian machines; a swapped copy elsewhere.
function littleEndianBytes(values: Float64Array | Int32Array, width: 4 | 8): Uint8Array {
  if (LITTLE_ENDIAN) return bytesOf(values);
  const copy = new Uint8Array(bytesOf(values));
  for (let start = 0; start < copy.length; start += width) copy.subarray(start, start + width).reverse();
  return copy;
}

function decode<T extends Float64Array | Int32Array>(bytes: Uint8Array, width: 4 | 8, type: { new (buffer: ArrayBuffer): T }, name: string): T {
  if (bytes.length % width !== 0) {
    throw new Error(`${bytes.length} bytes is not a whole number of ${name} values (${width} bytes each); the stored data is truncated or corrupt`);
  }

  // Copying also aligns the data, which a Buffer from a pool may not be.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  if (!LITTLE_ENDIAN) {
    for (let start = 0; start < copy.length; start += width) copy.subarray(start, start + width).reverse();
  }
  return new type(copy.buffer);
}
