import { sha256Hex } from '../core/hash.js';
import { assertNetworkShape, type Activation, type Architecture, type DenseNetwork, type OutputKind } from './network.js';

export { exportLayersModel, foldStandardization, importLayersModel, ImportError, layersModelArtifacts } from './layersModel.js';
export type { ImportOptions, LayersModelExport, LayersModelJson, LayersModelMetadata } from './layersModel.js';

const CANONICAL_NAN_BITS = 0x7fc00000;

/** The shape of a network without its weights, as stored in the headers below. */
interface ShapeHeader {
  architecture: Architecture;
  outputKind: OutputKind;
  inputSize: number;
  layers: Array<{ inputSize: number; units: number; activation: Activation }>;
}

/**
 * Returns the bytes that identify a network's function: a uint32 LE length,
 * a JSON header of architecture, output kind, shapes and activations, then
 * little-endian float32 of inputMean, inputScale and every layer's kernel
 * followed by its bias, in layer order. −0 is written as +0 and every NaN
 * as the same NaN, so that equal functions give equal bytes.
 */
export function canonicalWeightBytes(network: DenseNetwork): Uint8Array {
  assertNetworkShape(network);
  const header = new TextEncoder().encode(JSON.stringify({ format: 'dense-network-weights', version: 1, ...shapeHeader(network) }));
  const tensors = networkTensors(network).map((tensor) => tensor.values);
  const floatCount = tensors.reduce((sum, values) => sum + values.length, 0);

  const bytes = new Uint8Array(4 + header.length + 4 * floatCount);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.length, true);
  bytes.set(header, 4);

  let offset = 4 + header.length;
  for (const values of tensors) {
    for (const value of values) {
      if (Number.isNaN(value)) view.setUint32(offset, CANONICAL_NAN_BITS, true);
      else view.setFloat32(offset, value === 0 ? 0 : value, true);
      offset += 4;
    }
  }
  return bytes;
}

/** Returns the SHA-256 hex digest of canonicalWeightBytes, the identity of a network's weights. */
export function weightsHash(network: DenseNetwork): string {
  return sha256Hex(canonicalWeightBytes(network));
}

const STORAGE_MAGIC = 'DNW1';

type TensorEncoding = 'dense' | 'sparse';

interface StoredTensor {
  name: string;
  length: number;
  encoding: TensorEncoding;
  /** Number of stored values: `length` when dense, the entries with non-zero bits when sparse. */
  storedValues: number;
  byteLength: number;
}

interface StorageHeader extends ShapeHeader {
  tensors: StoredTensor[];
}

/**
 * Encodes a network for storage. The layout is the ASCII magic "DNW1", a
 * uint32 LE header length and a JSON header of shapes, activations and
 * per-tensor encodings. Each tensor follows as dense little-endian float32
 * or, when that is smaller, in sparse form. The sparse form is a bitmap
 * (least significant bit first) that marks values with any non-zero bit,
 * then the float32 values it marks. Decoding restores every value bit for
 * bit, −0 and NaN payloads included.
 */
export function encodeNetwork(network: DenseNetwork): Buffer {
  assertNetworkShape(network);
  const tensors = networkTensors(network);
  const stored = tensors.map(({ name, values }) => describeTensor(name, values));
  const header = Buffer.from(JSON.stringify({ ...shapeHeader(network), tensors: stored } satisfies StorageHeader), 'utf8');

  const payloadLength = stored.reduce((sum, tensor) => sum + tensor.byteLength, 0);
  const buffer = Buffer.alloc(8 + header.length + payloadLength);
  buffer.write(STORAGE_MAGIC, 0, 'ascii');
  buffer.writeUInt32LE(header.length, 4);
  header.copy(buffer, 8);

  let offset = 8 + header.length;
  tensors.forEach(({ values }, index) => {
    offset = stored[index].encoding === 'dense' ? writeDense(buffer, offset, values) : writeSparse(buffer, offset, values);
  });
  return buffer;
}

/** Decodes the output of encodeNetwork; throws when the bytes are not a complete, consistent encoding. */
export function decodeNetwork(buffer: Uint8Array): DenseNetwork {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (bytes.length < 8 || bytes.toString('ascii', 0, 4) !== STORAGE_MAGIC) {
    throw new Error(`stored network does not start with the magic ${STORAGE_MAGIC}; pass bytes written by encodeNetwork`);
  }
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) throw new Error(`stored network header claims ${headerLength} bytes but only ${bytes.length - 8} follow`);

  const header = parseStorageHeader(bytes.toString('utf8', 8, 8 + headerLength));
  const expected = expectedTensors(header);
  let offset = 8 + headerLength;
  const values = header.tensors.map((tensor, index) => {
    checkStoredTensor(tensor, expected[index]);
    if (offset + tensor.byteLength > bytes.length) throw new Error(`stored network is truncated in tensor ${tensor.name}`);
    const decoded = tensor.encoding === 'dense' ? readDense(bytes, offset, tensor.length) : readSparse(bytes, offset, tensor);
    offset += tensor.byteLength;
    return decoded;
  });
  if (offset !== bytes.length) throw new Error(`stored network has ${bytes.length - offset} bytes after its last tensor`);

  return buildNetwork(header, values);
}

function shapeHeader(network: DenseNetwork): ShapeHeader {
  return {
    architecture: network.architecture,
    outputKind: network.outputKind,
    inputSize: network.inputSize,
    layers: network.layers.map(({ inputSize, units, activation }) => ({ inputSize, units, activation })),
  };
}

/** Lists the network's float tensors in storage order: standardization, then kernel and bias per layer. */
function networkTensors(network: DenseNetwork): Array<{ name: string; values: Float32Array }> {
  const tensors = [
    { name: 'inputMean', values: network.inputMean },
    { name: 'inputScale', values: network.inputScale },
  ];
  network.layers.forEach((layer, index) => {
    tensors.push({ name: `layers.${index}.kernel`, values: layer.kernel });
    tensors.push({ name: `layers.${index}.bias`, values: layer.bias });
  });
  return tensors;
}

function describeTensor(name: string, values: Float32Array): StoredTensor {
  const bits = bitsOf(values);
  let nonZero = 0;
  for (const word of bits) if (word !== 0) nonZero++;

  const denseBytes = 4 * values.length;
  const sparseBytes = Math.ceil(values.length / 8) + 4 * nonZero;
  if (sparseBytes < denseBytes) return { name, length: values.length, encoding: 'sparse', storedValues: nonZero, byteLength: sparseBytes };
  return { name, length: values.length, encoding: 'dense', storedValues: values.length, byteLength: denseBytes };
}

function writeDense(buffer: Buffer, offset: number, values: Float32Array): number {
  for (const word of bitsOf(values)) {
    buffer.writeUInt32LE(word, offset);
    offset += 4;
  }
  return offset;
}

function writeSparse(buffer: Buffer, offset: number, values: Float32Array): number {
  const bits = bitsOf(values);
  const bitmapStart = offset;
  offset += Math.ceil(values.length / 8);
  bits.forEach((word, index) => {
    if (word === 0) return;
    buffer[bitmapStart + (index >> 3)] |= 1 << (index & 7);
    buffer.writeUInt32LE(word, offset);
    offset += 4;
  });
  return offset;
}

function readDense(bytes: Buffer, offset: number, length: number): Float32Array {
  const values = new Float32Array(length);
  const bits = bitsOf(values);
  for (let i = 0; i < length; i++) bits[i] = bytes.readUInt32LE(offset + 4 * i);
  return values;
}

function readSparse(bytes: Buffer, offset: number, tensor: StoredTensor): Float32Array {
  const values = new Float32Array(tensor.length);
  const bits = bitsOf(values);
  let valueOffset = offset + Math.ceil(tensor.length / 8);
  let count = 0;
  for (let i = 0; i < tensor.length; i++) {
    if ((bytes[offset + (i >> 3)] & (1 << (i & 7))) === 0) continue;
    if (++count > tensor.storedValues) break;
    bits[i] = bytes.readUInt32LE(valueOffset);
    valueOffset += 4;
  }
  if (count !== tensor.storedValues) throw new Error(`tensor ${tensor.name} bitmap marks ${count} values but the header stores ${tensor.storedValues}`);
  return values;
}

/** Returns the raw IEEE-754 bits of the values, sharing their memory. */
function bitsOf(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

function parseStorageHeader(text: string): StorageHeader {
  let header: StorageHeader;
  try {
    header = JSON.parse(text) as StorageHeader;
  } catch (error) {
    throw new Error(`stored network header is not valid JSON: ${(error as Error).message}`);
  }
  if (!header || !Array.isArray(header.layers) || !Array.isArray(header.tensors)) {
    throw new Error('stored network header lacks layers or tensors; pass bytes written by encodeNetwork');
  }
  return header;
}

/** Returns the names and lengths the header's shapes imply, in storage order. */
function expectedTensors(header: StorageHeader): Array<{ name: string; length: number }> {
  const expected = [
    { name: 'inputMean', length: header.inputSize },
    { name: 'inputScale', length: header.inputSize },
  ];
  header.layers.forEach((layer, index) => {
    expected.push({ name: `layers.${index}.kernel`, length: layer.inputSize * layer.units });
    expected.push({ name: `layers.${index}.bias`, length: layer.units });
  });
  if (header.tensors.length !== expected.length) {
    throw new Error(`stored network lists ${header.tensors.length} tensors but its ${header.layers.length} layers need ${expected.length}`);
  }
  return expected;
}

function checkStoredTensor(tensor: StoredTensor, expected: { name: string; length: number }): void {
  if (tensor.name !== expected.name || tensor.length !== expected.length) {
    throw new Error(`stored tensor ${tensor.name} (${tensor.length} values) is out of place; expected ${expected.name} with ${expected.length} values`);
  }
  let byteLength = Number.NaN;
  if (tensor.encoding === 'dense' && tensor.storedValues === tensor.length) byteLength = 4 * tensor.length;
  if (tensor.encoding === 'sparse') byteLength = Math.ceil(tensor.length / 8) + 4 * tensor.storedValues;
  if (byteLength !== tensor.byteLength) {
    throw new Error(`stored tensor ${tensor.name} has an inconsistent ${String(tensor.encoding)} encoding of ${tensor.byteLength} bytes`);
  }
}

function buildNetwork(header: StorageHeader, values: Float32Array[]): DenseNetwork {
  const network: DenseNetwork = {
    architecture: header.architecture,
    outputKind: header.outputKind,
    inputSize: header.inputSize,
    inputMean: values[0],
    inputScale: values[1],
    layers: header.layers.map((layer, index) => ({
      inputSize: layer.inputSize,
      units: layer.units,
      activation: layer.activation,
      kernel: values[2 + 2 * index],
      bias: values[3 + 2 * index],
    })),
  };
  assertNetworkShape(network);
  return network;
}
