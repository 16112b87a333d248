/** A node of the lineage graph as the `lineage` query returns it. */
export interface LineageNode {
  id: string;
  kind: string;
  label: string;
}

/** A directed edge from the upstream node to the downstream node. */
export interface LineageEdge {
  from: string;
  to: string;
  kind: string;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** The dataset, model and runs that the demo created, enough to draw their lineage without the `lineage` query. */
export interface KnownLineage {
  dataset: { id: string; name: string };
  model: { id: string; name: string };
  runs: Array<{ id: string; method: string; resultModel: { id: string; name: string } | null }>;
}

/** Builds the lineage graph from the ids the demo created, for a server without the `lineage` query. */
export function lineageFromKnownIds(known: KnownLineage): LineageGraph {
  const nodes: LineageNode[] = [
    { id: known.dataset.id, kind: 'DATASET', label: known.dataset.name },
    { id: known.model.id, kind: 'MODEL', label: known.model.name },
  ];
  const edges: LineageEdge[] = [{ from: known.dataset.id, to: known.model.id, kind: 'TRAINED_ON' }];

  for (const run of known.runs) {
    nodes.push({ id: run.id, kind: 'RUN', label: run.method });
    edges.push({ from: known.model.id, to: run.id, kind: 'SOURCE_OF' });
    if (run.resultModel) {
      nodes.push({ id: run.resultModel.id, kind: 'MODEL', label: run.resultModel.name });
      edges.push({ from: run.id, to: run.resultModel.id, kind: 'PRODUCED' });
    }
  }
  return { nodes, edges };
}

function describeNode(node: LineageNode | undefined, id: string, highlightId: string | null): string {
  const marker = id === highlightId ? '   <- this model' : '';
  if (!node) return `${id.slice(0, 8)}${marker}`;
  return `${node.kind} ${JSON.stringify(node.label)} (${node.id.slice(0, 8)})${marker}`;
}

/**
 * Draws the graph as a tree from its roots (nodes without an upstream edge),
 * one node per line with the edge kind that leads to it. A node reached twice
 * is drawn once and referred to afterwards.
 */
export function formatLineage(graph: LineageGraph, highlightId: string | null = null): string {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const children = new Map<string, LineageEdge[]>();
  const hasParent = new Set<string>();
  for (const edge of graph.edges) {
    children.set(edge.from, [...(children.get(edge.from) ?? []), edge]);
    hasParent.add(edge.to);
  }

  const lines: string[] = [];
  const drawn = new Set<string>();
  const draw = (id: string, prefix: string, connector: string, edgeKind: string | null) => {
    const via = edgeKind ? `${edgeKind.toLowerCase().replace(/_/g, ' ')}: ` : '';
    if (drawn.has(id)) {
      lines.push(`${prefix}${connector}${via}${describeNode(byId.get(id), id, null)} (drawn above)`);
      return;
    }
    drawn.add(id);
    lines.push(`${prefix}${connector}${via}${describeNode(byId.get(id), id, highlightId)}`);

    const next = children.get(id) ?? [];
    const childPrefix = prefix + (connector === '' ? '' : connector.startsWith('└') ? '   ' : '│  ');
    next.forEach((edge, index) => draw(edge.to, childPrefix, index === next.length - 1 ? '└─ ' : '├─ ', edge.kind));
  };

  const roots = graph.nodes.filter((node) => !hasParent.has(node.id));
  for (const root of roots.length > 0 ? roots : graph.nodes.slice(0, 1)) draw(root.id, '  ', '', null);
  return lines.join('\n');
}
