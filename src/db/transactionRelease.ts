import type { PrismaPg } from '@prisma/adapter-pg';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;
type Query = Parameters<Transaction['executeRaw']>[0];

/** Statements that end a transaction; Prisma sends them through executeRaw before it releases the connection. */
const ENDING_STATEMENTS = new Set(['COMMIT', 'ROLLBACK']);

/**
 * Makes the adapter's transactions give their connection back to the pool
 * when COMMIT or ROLLBACK fails. Prisma 6.19's client engine releases a
 * transaction's connection only after one of them succeeds. Without this,
 * each transaction that is open while PostgreSQL restarts keeps its pool slot
 * forever, so queries wait without end once every slot is lost, and so does
 * `$disconnect`. pg-pool closes a released connection whose socket is gone.
 */
export function releaseOnFailedTransactionEnd(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => guardTransaction(await startTransaction(isolationLevel));
    return adapter;
  };
  return factory;
}

function guardTransaction(transaction: Transaction): Transaction {
  const executeRaw = transaction.executeRaw.bind(transaction);
  transaction.executeRaw = async (query: Query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      // Prisma calls neither commit() nor rollback() after this error, so this is the only release.
      if (ENDING_STATEMENTS.has(query.sql.trim().toUpperCase())) await transaction.rollback().catch(() => undefined);
      throw error;
    }
  };
  return transaction;
}
