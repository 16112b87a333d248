import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

/** Creates a GraphQL error with `extensions.code` and optional details such as the invalid field. */
export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const badInput = (message: string, field?: string): GraphQLError =>
  apiError('BAD_USER_INPUT', message, field ? { field } : {});

const MAX_ECHOED_ID_LENGTH = 100;

/** Returns the id shortened for an error message, so that a huge id is not echoed back in full. */
function shortId(id: string): string {
  return id.length > MAX_ECHOED_ID_LENGTH ? `${id.slice(0, MAX_ECHOED_ID_LENGTH)}… (${id.length} characters)` : id;
}

export const notFound = (kind: string, id: string): GraphQLError =>
  apiError('NOT_FOUND', `${kind} ${JSON.stringify(shortId(id))} was not found; check the id, or list ${kind.charAt(0).toLowerCase()}${kind.slice(1)}s to find it`, { id: shortId(id) });

export const conflict = (message: string): GraphQLError => apiError('CONFLICT', message);

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns the id when it is a UUID; otherwise the entity cannot exist, so it raises NOT_FOUND. */
export function requireUuid(kind: string, id: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(kind, id);
  return id;
}
