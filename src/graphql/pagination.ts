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

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof id !== 'string') throw new Error('cursor id is not a string');
    return { key, id };
  } catch {
    throw badInput(`after=${JSON.stringify(value)} is not a valid cursor; pass an endCursor returned by this list`, 'after');
  }
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
