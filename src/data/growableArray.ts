type TypedArray = Float64Array | Int32Array;

interface TypedArrayConstructor<T extends TypedArray> {
  new (length: number): T;
}

const CHUNK_LENGTH = 65_536;

/**
 * An append-only typed array stored in fixed-size chunks. Appending never
 * copies earlier values, so peak memory while streaming stays close to the
 * size of the values. Capacity doubling instead copies on growth and briefly
 * needs up to three times that size.
 */
export class GrowableArray<T extends TypedArray> {
  private readonly chunks: T[] = [];
  private current: T;
  private offset = 0;
  private count = 0;

  constructor(private readonly type: TypedArrayConstructor<T>) {
    this.current = new type(CHUNK_LENGTH);
    this.chunks.push(this.current);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.offset === CHUNK_LENGTH) {
      this.current = new this.type(CHUNK_LENGTH);
      this.chunks.push(this.current);
      this.offset = 0;
    }
    this.current[this.offset++] = value;
    this.count++;
  }

  get(index: number): number {
    return this.chunks[Math.floor(index / CHUNK_LENGTH)][index % CHUNK_LENGTH];
  }

  /** Copies the values into one array of exactly `length` and releases the chunks. */
  finish(): T {
    const result = new this.type(this.count);
    for (let c = 0; c < this.chunks.length; c++) {
      const start = c * CHUNK_LENGTH;
      const take = Math.min(CHUNK_LENGTH, this.count - start);
      if (take > 0) result.set(this.chunks[c].subarray(0, take), start);
    }
    this.chunks.length = 0;
    return result;
  }
}
