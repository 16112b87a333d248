import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';
import { releaseOnFailedTransactionEnd } from './transactionRelease.js';

export type Database = PrismaClient;
export type { Prisma } from './generated/client.js';

/** A receiver of the SQL text of each statement that a client sends. */
export type StatementListener = (sql: string) => void;

const statementListeners = new Set<StatementListener>();
let statementEventsEnabled = false;

/**
 * Registers a listener of the SQL statements of every client that
 * createPrismaClient creates after the first call, and returns the function
 * that removes it. Tests use it to count the statements of one request.
 */
export function listenToStatements(listener: StatementListener): () => void {
  statementEventsEnabled = true;
  statementListeners.add(listener);
  return () => {
    statementListeners.delete(listener);
  };
}

/** Creates a Prisma client over the pg driver adapter (no native query engine). */
export function createPrismaClient(url: string, poolSize = 10): PrismaClient {
  const adapter = releaseOnFailedTransactionEnd(new PrismaPg({ connectionString: url, max: poolSize }));
  if (!statementEventsEnabled) return new PrismaClient({ adapter });

  // Query events format the parameters of every statement, so they stay off until the first listener registers.
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => {
    for (const listener of statementListeners) listener(event.query);
  });
  return client as unknown as PrismaClient;
}
