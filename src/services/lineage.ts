import type { Database } from '../db/client.js';
import { apiError, badInput } from '../graphql/errors.js';
import type { LineageDirection } from '../graphql/enums.js';
import type { LineageEdgeKind, LineageNodeKind } from '../graphql/types/lineage.js';

export const MAX_LINEAGE_DEPTH = 100;

export interface LineageNodeView {
  id: string;
  kind: LineageNodeKind;
  label: string;
}

export interface LineageEdgeView {
  from: string;
  to: string;
  kind: LineageEdgeKind;
}

export interface LineageView {
  nodes: LineageNodeView[];
  edges: LineageEdgeView[];
}

/** One row of LINEAGE_SQL: a node (with the columns that label it) or an edge. */
interface LineageRow {
  entry: 'NODE' | 'EDGE';
  id: string | null;
  dataset_name: string | null;
  model_name: string | null;
  model_status: string | null;
  run_method: string | null;
  run_status: string | null;
  from_id: string | null;
  to_id: string | null;
  kind: LineageEdgeKind | null;
}

/**
 * The lineage graph in one statement. Each recursive step joins the walked
 * nodes laterally with a union of the edges in the walking direction, so
 * every branch is an index lookup. A model trained or imported on a dataset
 * has a TRAINED_ON edge; a compressed model has a PRODUCED edge from its run
 * instead. Parameters: $1 the start node id, $2 UPSTREAM, DOWNSTREAM or BOTH,
 * $3 the maximum hops.
 */
export const LINEAGE_SQL = `
WITH RECURSIVE
walk (direction, node, hops, from_id, to_id, kind) AS (
  SELECT d.direction, $1::uuid, 0, NULL::uuid, NULL::uuid, NULL::text
  FROM (VALUES ('UP'), ('DOWN')) AS d (direction)
  WHERE $2::text = 'BOTH' OR (d.direction = 'UP') = ($2::text = 'UPSTREAM')
  UNION ALL
  SELECT w.direction, edge.there, w.hops + 1, edge.from_id, edge.to_id, edge.kind
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT m.id AS there, m."datasetId" AS from_id, m.id AS to_id, 'TRAINED_ON'::text AS kind
    FROM "Model" m WHERE w.direction = 'DOWN' AND m."datasetId" = w.node AND m."producedByRunId" IS NULL
    UNION ALL
    SELECT m."datasetId", m."datasetId", m.id, 'TRAINED_ON'::text
    FROM "Model" m WHERE w.direction = 'UP' AND m.id = w.node AND m."producedByRunId" IS NULL
    UNION ALL
    SELECT r.id, r."sourceModelId", r.id, 'SOURCE_OF'::text
    FROM "CompressionRun" r WHERE w.direction = 'DOWN' AND r."sourceModelId" = w.node
    UNION ALL
    SELECT r."sourceModelId", r."sourceModelId", r.id, 'SOURCE_OF'::text
    FROM "CompressionRun" r WHERE w.direction = 'UP' AND r.id = w.node
    UNION ALL
    SELECT m.id, m."producedByRunId", m.id, 'PRODUCED'::text
    FROM "Model" m WHERE w.direction = 'DOWN' AND m."producedByRunId" = w.node
    UNION ALL
    SELECT m."producedByRunId", m."producedByRunId", m.id, 'PRODUCED'::text
    FROM "Model" m WHERE w.direction = 'UP' AND m.id = w.node AND m."producedByRunId" IS NOT NULL
  ) AS edge
  WHERE w.hops < $3::int
),
reached AS (
  SELECT node, MIN(CASE WHEN direction = 'UP' THEN -hops ELSE hops END) AS position FROM walk GROUP BY node
)
SELECT * FROM (
  SELECT 'NODE' AS entry, n.node::text AS id, d.name AS dataset_name, m.name AS model_name, m.status::text AS model_status,
    r.method::text AS run_method, r.status::text AS run_status, NULL::text AS from_id, NULL::text AS to_id, NULL::text AS kind, n.position
  FROM reached n
  LEFT JOIN "Dataset" d ON d.id = n.node
  LEFT JOIN "Model" m ON m.id = n.node
  LEFT JOIN "CompressionRun" r ON r.id = n.node
  UNION ALL
  SELECT DISTINCT 'EDGE', NULL, NULL, NULL, NULL, NULL, NULL, w.from_id::text, w.to_id::text, w.kind,
    CASE WHEN w.direction = 'UP' THEN -w.hops ELSE w.hops END
  FROM walk w WHERE w.kind IS NOT NULL
) AS graph
ORDER BY entry DESC, position, id, from_id, to_id`;

/** Validates the number of hops: an integer from 1 to MAX_LINEAGE_DEPTH. */
export function validateDepth(depth: number): number {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_LINEAGE_DEPTH) {
    throw badInput(`depth=${depth} is out of range; use a number of hops from 1 to ${MAX_LINEAGE_DEPTH}`, 'depth');
  }
  return depth;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function nodeNotFound(nodeId: string) {
  return apiError('NOT_FOUND', `no dataset, model or compression run has id ${JSON.stringify(nodeId)}; check the id`, { id: nodeId });
}

function toNode(row: LineageRow): LineageNodeView | null {
  if (row.dataset_name !== null) return { id: row.id!, kind: 'DATASET', label: row.dataset_name };
  if (row.model_name !== null) return { id: row.id!, kind: 'MODEL', label: `${row.model_name} (${row.model_status})` };
  if (row.run_method !== null) return { id: row.id!, kind: 'RUN', label: `${row.run_method} ${row.run_status}` };
  return null;
}

/**
 * Returns the lineage of a dataset, model or compression run up to `depth`
 * hops away, in one recursive query. UPSTREAM follows edges backwards,
 * DOWNSTREAM forwards and BOTH is the union of the two from the same node.
 * Raises NOT_FOUND when no entity has that id.
 */
export async function loadLineage(db: Database, nodeId: string, direction: LineageDirection, depth: number): Promise<LineageView> {
  validateDepth(depth);
  return walkLineage(db, nodeId, direction, depth);
}

/** Runs the lineage query without the API's depth limit, for callers that need a whole chain. */
export async function walkLineage(db: Database, nodeId: string, direction: LineageDirection, depth: number): Promise<LineageView> {
  if (!UUID_PATTERN.test(nodeId)) throw nodeNotFound(nodeId);

  // PostgreSQL prints uuids in lower case.
  const id = nodeId.toLowerCase();
  const rows = await db.$queryRawUnsafe<LineageRow[]>(LINEAGE_SQL, id, direction, depth);

  const nodes = rows.filter((row) => row.entry === 'NODE').map(toNode).filter((node): node is LineageNodeView => node !== null);
  if (!nodes.some((node) => node.id === id)) throw nodeNotFound(nodeId);
  const edges = rows
    .filter((row) => row.entry === 'EDGE')
    .map((row) => ({ from: row.from_id!, to: row.to_id!, kind: row.kind! }));
  return { nodes, edges };
}
