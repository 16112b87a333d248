import type { Database } from '../../src/db/client.js';

/** Every table of the service, whose row counts a rejected request must leave unchanged. */
export const COUNTED_TABLES = [
  'Dataset',
  'DatasetData',
  'DatasetChunk',
  'Model',
  'ModelWeights',
  'CompressionRun',
  'ImportanceRun',
  'ImportanceScore',
  'AuditEvent',
  'ApiKey',
] as const;

/** Tables whose whole rows are hashed, so that an update without an insert is seen too. */
export const HASHED_TABLES = ['Dataset', 'Model', 'CompressionRun'] as const;

export interface DatabaseSnapshot {
  counts: Record<string, number>;
  /** md5 of every row's text form, in id order. */
  hashes: Record<string, string>;
  /** Rows of pg-boss's job table, so that an enqueued job is seen. */
  jobs: number;
}

/** Reads the row counts of every table and a hash of the Dataset, Model and CompressionRun rows. */
export async function snapshotDatabase(db: Database): Promise<DatabaseSnapshot> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const [row] = await db.$queryRawUnsafe<Array<{ count: bigint }>>(`SELECT count(*) AS count FROM "${table}"`);
    counts[table] = Number(row.count);
  }

  const hashes: Record<string, string> = {};
  for (const table of HASHED_TABLES) {
    const [row] = await db.$queryRawUnsafe<Array<{ hash: string | null }>>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS hash FROM "${table}" t`,
    );
    hashes[table] = row.hash ?? '';
  }

  const [jobs] = await db.$queryRawUnsafe<Array<{ count: bigint }>>('SELECT count(*) AS count FROM pgboss.job');
  return { counts, hashes, jobs: Number(jobs.count) };
}
