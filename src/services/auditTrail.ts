import type { Database } from '../db/client.js';
import type { AuditEvent as AuditEventRow } from '../db/generated/client.js';
import { notFound, requireUuid } from '../graphql/errors.js';
import { walkLineage } from './lineage.js';

/**
 * Hops followed upstream from a model. Each compression adds two hops, so
 * this covers chains of 5,000 compressions.
 */
const UPSTREAM_HOPS = 10_000;

/** The dataset, models and runs from which a model descends, the model included, oldest first. */
export interface ModelAncestry {
  datasetIds: string[];
  modelIds: string[];
  runIds: string[];
}

/** An audit event as the API returns it, with the sequence as a number. */
export type AuditEventView = Omit<AuditEventRow, 'sequence'> & { sequence: number };

/** Returns the upstream lineage of a model; raises NOT_FOUND when the id is not a model. */
export async function modelAncestry(db: Database, modelId: string): Promise<ModelAncestry> {
  requireUuid('Model', modelId);
  let nodes;
  try {
    ({ nodes } = await walkLineage(db, modelId, 'UPSTREAM', UPSTREAM_HOPS));
  } catch (error) {
    if ((error as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Model', modelId);
    throw error;
  }
  if (!nodes.some((node) => node.id === modelId.toLowerCase() && node.kind === 'MODEL')) throw notFound('Model', modelId);

  const idsOf = (kind: string) => nodes.filter((node) => node.kind === kind).map((node) => node.id);
  return { datasetIds: idsOf('DATASET'), modelIds: idsOf('MODEL'), runIds: idsOf('RUN') };
}

export function toAuditEventView(event: AuditEventRow): AuditEventView {
  return { ...event, sequence: Number(event.sequence) };
}

/**
 * Returns the audit events from the dataset to a model along its lineage, in
 * chain order: those of the dataset, of every ancestor model and compression
 * run, of the model itself, and of the importance runs of those models.
 */
export async function auditTrail(db: Database, modelId: string, ancestry?: ModelAncestry): Promise<AuditEventView[]> {
  const { datasetIds, modelIds, runIds } = ancestry ?? (await modelAncestry(db, modelId));
  const importanceRuns = await db.importanceRun.findMany({ where: { modelId: { in: modelIds } }, select: { id: true } });

  const events = await db.auditEvent.findMany({
    where: {
      OR: [
        { entityType: 'Dataset', entityId: { in: datasetIds } },
        { entityType: 'Model', entityId: { in: modelIds } },
        { entityType: 'CompressionRun', entityId: { in: runIds } },
        { entityType: 'ImportanceRun', entityId: { in: importanceRuns.map((run) => run.id) } },
      ],
    },
    orderBy: { sequence: 'asc' },
  });
  return events.map(toAuditEventView);
}
