import type { GraphQLError } from 'graphql';
import type { Logger } from '../logger.js';
import type { Database } from '../db/client.js';
import type { JobQueue } from '../jobs/queue.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Facts about the running process, for serverInfo, limits and model provenance. */
export interface ServiceInfo {
  version: string;
  backend: string;
  databaseMode: 'EMBEDDED' | 'EXTERNAL';
  maxUploadBytes: number;
  maxUploadRows: number;
  maxModelParameters: number;
}

/** The authenticated caller; `keyId` is null for the built-in local actor. */
export interface Actor {
  name: string;
  keyId: string | null;
  role: 'READ' | 'WRITE' | 'ADMIN';
}

export interface Context {
  /** Set when the request carried no valid key; the guard then rejects the operation before it runs. */
  authError: GraphQLError | null;
  db: Database;
  queue: JobQueue;
  logger: Logger;
  loaders: Loaders;
  info: ServiceInfo;
  actor: Actor;
}

export interface SharedServices {
  db: Database;
  queue: JobQueue;
  logger: Logger;
  info: ServiceInfo;
}

/** Stands in for the caller of a request without a valid key; such requests never reach a resolver. */
export const ANONYMOUS: Actor = { name: 'anonymous', keyId: null, role: 'READ' };

/** Creates the per-request context, with DataLoaders that live for one request only. */
export function createContext(services: SharedServices, actor: Actor, authError: GraphQLError | null = null): Context {
  return { ...services, actor, authError, loaders: createLoaders(services.db) };
}
