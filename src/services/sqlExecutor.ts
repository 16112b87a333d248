import type { Prisma } from '../db/generated/client.js';
import type { SqlExecutor } from '../jobs/queue.js';

/**
 * Adapts a Prisma interactive transaction to pg-boss's executor, so that a
 * job is inserted in the same transaction as the row it works on.
 */
export function sqlExecutor(tx: Prisma.TransactionClient): SqlExecutor {
  return {
    async executeSql(text: string, values: unknown[]) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values);
      return { rows };
    },
  };
}
