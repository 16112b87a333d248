import type { Database, Prisma } from '../db/client.js';

/** Target size of one stored chunk of a dataset's matrix, in bytes. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Returns a byte view of a float64 array without copying (x86 and ARM are little-endian). */
function bytesView(values: Float64Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(values.buffer as ArrayBuffer, values.byteOffset, values.byteLength);
}

/**
 * Writes a dataset's row-major matrix and target as chunks of about 4 MB, in
 * the caller's transaction, so that memory stays bounded for large uploads.
 */
export async function writeDatasetRows(tx: Prisma.TransactionClient, datasetId: string, X: Float64Array, y: Float64Array, featureCount: number): Promise<number> {
  const rowCount = y.length;
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (8 * (featureCount + 1))));
  let index = 0;
  for (let rowStart = 0; rowStart < rowCount || index === 0; rowStart += rowsPerChunk, index++) {
    const end = Math.min(rowCount, rowStart + rowsPerChunk);
    await tx.datasetChunk.create({
      data: {
        datasetId,
        index,
        rowStart,
        rowCount: end - rowStart,
        features: bytesView(X.subarray(rowStart * featureCount, end * featureCount)),
        target: bytesView(y.subarray(rowStart, end)),
      },
    });
  }
  return index;
}

/** Reads a dataset's matrix and target back from its chunks into two arrays. */
export async function readDatasetRows(db: Database, datasetId: string, rowCount: number, featureCount: number): Promise<{ X: Float64Array; y: Float64Array }> {
  const X = new Float64Array(rowCount * featureCount);
  const y = new Float64Array(rowCount);
  const indices = await db.datasetChunk.findMany({ where: { datasetId }, select: { index: true }, orderBy: { index: 'asc' } });

  let rowsRead = 0;
  for (const { index } of indices) {
    const chunk = await db.datasetChunk.findUniqueOrThrow({ where: { datasetId_index: { datasetId, index } } });
    const features = toFloat64(chunk.features);
    const target = toFloat64(chunk.target);
    if (features.length !== chunk.rowCount * featureCount || target.length !== chunk.rowCount || chunk.rowStart + chunk.rowCount > rowCount) {
      throw new Error(`stored chunk ${index} of dataset ${datasetId} has ${features.length} feature values and ${target.length} targets for ${chunk.rowCount} rows; the stored data is corrupt`);
    }
    X.set(features, chunk.rowStart * featureCount);
    y.set(target, chunk.rowStart);
    rowsRead += chunk.rowCount;
  }
  if (rowsRead !== rowCount) throw new Error(`dataset ${datasetId} stores ${rowsRead} rows, but records ${rowCount}; the stored data is incomplete`);
  return { X, y };
}

function toFloat64(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 8 !== 0) throw new Error(`a stored float64 array has ${bytes.byteLength} bytes, not a multiple of 8`);
  if (bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  return new Float64Array(bytes.slice().buffer);
}
