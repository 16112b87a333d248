import DataLoader from 'dataloader';
import type { Database } from '../db/client.js';
import type { CompressionRun, Dataset, Model } from '../db/generated/client.js';

/** Columns of Model that list and nested queries need; weights stay in their own table. */
export type ModelRow = Model;
export type DatasetRow = Dataset;
export type RunRow = CompressionRun;

export interface Loaders {
  dataset: DataLoader<string, DatasetRow | null>;
  model: DataLoader<string, ModelRow | null>;
  run: DataLoader<string, RunRow | null>;
  /** The result model of a run, keyed by run id. */
  resultModelByRun: DataLoader<string, ModelRow | null>;
}

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): Array<T | null> {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

/**
 * Creates per-request DataLoaders, so that nested relations of a page cost one
 * query per relation, whatever the page size.
 */
export function createLoaders(db: Database): Loaders {
  return {
    dataset: new DataLoader(async (ids) => byId(await db.dataset.findMany({ where: { id: { in: [...ids] } } }), ids)),
    model: new DataLoader(async (ids) => byId(await db.model.findMany({ where: { id: { in: [...ids] } } }), ids)),
    run: new DataLoader(async (ids) => byId(await db.compressionRun.findMany({ where: { id: { in: [...ids] } } }), ids)),
    resultModelByRun: new DataLoader(async (runIds) => {
      const rows = await db.model.findMany({ where: { producedByRunId: { in: [...runIds] } } });
      const map = new Map(rows.map((row) => [row.producedByRunId, row]));
      return runIds.map((id) => map.get(id) ?? null);
    }),
  };
}
