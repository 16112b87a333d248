import type { Database } from '../db/client.js';
import { decodeNetwork, encodeNetwork, weightsHash } from '../ml/serialize.js';
import { nonZeroParameterCount, parameterCount, type DenseNetwork } from '../ml/network.js';

/** Storage format name of ModelWeights.data. */
export const WEIGHTS_FORMAT = 'dense-or-sparse-v1';

export interface EncodedWeights {
  data: Uint8Array<ArrayBuffer>;
  hash: string;
  parameterCount: number;
  nonZeroParameterCount: number;
  sizeBytes: number;
}

/** Encodes a network for storage and computes its hash and counts. */
export function encodeWeights(network: DenseNetwork): EncodedWeights {
  const data = new Uint8Array(encodeNetwork(network));
  return {
    data,
    hash: weightsHash(network),
    parameterCount: parameterCount(network),
    nonZeroParameterCount: nonZeroParameterCount(network),
    sizeBytes: data.length,
  };
}

/** Loads and decodes the stored weights of a model. */
export async function loadNetwork(db: Database, modelId: string): Promise<DenseNetwork> {
  const stored = await db.modelWeights.findUniqueOrThrow({ where: { modelId } });
  return decodeNetwork(Buffer.from(stored.data));
}
