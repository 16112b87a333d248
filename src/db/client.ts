import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export type Database = PrismaClient;
export type { Prisma } from './generated/client.js';

/** Creates a Prisma client over the pg driver adapter (no native query engine). */
export function createPrismaClient(url: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}
