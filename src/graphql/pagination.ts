import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Creates the Relay connection and edge types for a node type. */
export function connectionTypes<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => nodeType)
    node!: T;

    @Field(() => String)
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items that match the filter, over all pages.' })
    totalCount!: number;
  }

  return { EdgeType, ConnectionType };
}

/** A decoded cursor: the sort key value of a row and its id, for keyset pagination. */
export interface Cursor {
  key: string | number | null;
  id: string;
}

/** A cursor whose key was checked against the type of the sort column. */
export interface TypedCursor<K> {
  key: K;
  id: string;
}

const MAX_INT32 = 2 ** 31 - 1;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

/**
 * Decodes a cursor of a list sorted by a timestamp column (`date`) or a
 * nullable numeric column (`number`, or `integer` for a 32-bit integer
 * column). A cursor that this list did not return raises BAD_USER_INPUT
 * instead of reaching the database.
 */
export function decodeCursor(value: string, keyType: 'date'): TypedCursor<Date>;
export function decodeCursor(value: string, keyType: 'number' | 'integer'): TypedCursor<number | null>;
export function decodeCursor(value: string, keyType: 'date' | 'number' | 'integer'): TypedCursor<Date | number | null>;
export function decodeCursor(value: string, keyType: 'date' | 'number' | 'integer'): TypedCursor<Date | number | null> {
  const invalid = () => badInput(`after=${JSON.stringify(value)} is not a valid cursor; pass an endCursor returned by this list`, 'after');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid();

  const [key, id] = decoded as [unknown, unknown];
  if (typeof id !== 'string' || !UUID_PATTERN.test(id)) throw invalid();
  if (keyType !== 'date') {
    if (key === null) return { key, id };
    if (typeof key !== 'number' || !Number.isFinite(key)) throw invalid();
    if (keyType === 'integer' && !(Number.isInteger(key) && Math.abs(key) <= MAX_INT32)) throw invalid();
    return { key, id };
  }
  const at = typeof key === 'string' ? new Date(key) : null;
  if (!at || Number.isNaN(at.getTime())) throw invalid();
  return { key: at, id };
}

/** Validates `first` against the maximum page size and returns the page size to use. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`first=${first} is out of range; request between 1 and ${MAX_PAGE_SIZE} items per page`, 'first');
  }
  return first;
}

/** Builds a connection from `limit + 1` fetched rows, so hasNextPage needs no second query. */
export function toConnection<T extends { id: string }>(
  rows: T[],
  limit: number,
  totalCount: number,
  keyOf: (row: T) => string | number | null,
  hasPrevious: boolean,
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ node, cursor: encodeCursor({ key: keyOf(node), id: node.id }) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
