import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { compressModel, createBreastCancer, createFriedman, query, startAuthorizedApp, statementsDuring, trainSmallModel } from './provenanceSupport.js';

let app: TestApp;
let datasetId: string;
let datasetName: string;
/** models[0] is trained; models[i] is the result of runs[i - 1], which compressed models[i - 1]. */
const models: string[] = [];
const runs: string[] = [];
let siblingRunId: string;

const LINEAGE = `query($id: ID!, $direction: LineageDirection, $depth: Int) {
  lineage(nodeId: $id, direction: $direction, depth: $depth) { nodes { id kind label } edges { from to kind } }
}`;

async function lineage(id: string, direction: string, depth?: number) {
  const data = await query(app, LINEAGE, { id, direction, depth });
  return data.lineage as { nodes: Array<{ id: string; kind: string; label: string }>; edges: Array<{ from: string; to: string; kind: string }> };
}

const idsOf = (nodes: Array<{ id: string }>) => nodes.map((node) => node.id).sort();

/** Inserts a FAILED run of a model directly, as a sibling branch that costs no job. */
async function insertFailedRun(sourceModelId: string): Promise<string> {
  const run = await app.db.compressionRun.create({
    data: { method: 'WEIGHT_PRUNING', config: {}, status: 'FAILED', error: 'inserted by the test', sourceModelId, datasetId, inputHash: 'test', seed: 1 },
  });
  return run.id;
}

beforeAll(async () => {
  app = await startAuthorizedApp();
  datasetName = 'breast cancer lineage';
  datasetId = (await createBreastCancer(app, datasetName)).id;
  models.push(await trainSmallModel(app, datasetId, 'base'));

  const chain: Array<[string, Record<string, unknown>]> = [
    ['WEIGHT_PRUNING', { sparsity: 0.5, fineTuneEpochs: 1 }],
    ['FEATURE_SELECTION', { keep: 5, fineTuneEpochs: 1 }],
    ['NEURON_PRUNING', { fraction: 0.5, fineTuneEpochs: 1 }],
  ];
  for (const [method, options] of chain) {
    const { runId, resultId } = await compressModel(app, models.at(-1)!, method, options);
    runs.push(runId);
    models.push(resultId);
  }
  siblingRunId = await insertFailedRun(models[0]);
});

afterAll(async () => {
  await app?.stop();
});

describe('lineage', () => {
  it('returns the whole upstream chain in one SQL statement', async () => {
    let graph!: Awaited<ReturnType<typeof lineage>>;
    const sql = await statementsDuring(async () => {
      graph = await lineage(models[3], 'UPSTREAM');
    });

    expect(sql).toHaveLength(1);
    expect(sql[0]).toContain('WITH RECURSIVE');
    expect(graph.nodes.filter((node) => node.kind === 'DATASET').map((node) => node.id)).toEqual([datasetId]);
    expect(idsOf(graph.nodes.filter((node) => node.kind === 'MODEL'))).toEqual([...models].sort());
    expect(idsOf(graph.nodes.filter((node) => node.kind === 'RUN'))).toEqual([...runs].sort());
    expect(graph.edges).toHaveLength(7);
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: datasetId, to: models[0], kind: 'TRAINED_ON' },
        ...runs.flatMap((run, index) => [
          { from: models[index], to: run, kind: 'SOURCE_OF' },
          { from: run, to: models[index + 1], kind: 'PRODUCED' },
        ]),
      ]),
    );
  });

  it('labels nodes with name, status and method', async () => {
    const graph = await lineage(models[1], 'UPSTREAM');
    const label = (id: string) => graph.nodes.find((node) => node.id === id)?.label;

    expect(label(datasetId)).toBe(datasetName);
    expect(label(models[0])).toBe('base (READY)');
    expect(label(runs[0])).toBe('WEIGHT_PRUNING SUCCEEDED');
    expect(label(models[1])).toMatch(/^base .*\(READY\)$/);
  });

  it('orders nodes from the oldest ancestor', async () => {
    const graph = await lineage(models[3], 'UPSTREAM');
    expect(graph.nodes.map((node) => node.id)).toEqual([datasetId, models[0], runs[0], models[1], runs[1], models[2], runs[2], models[3]]);
  });

  it('follows edges downstream up to depth', async () => {
    expect(idsOf((await lineage(datasetId, 'DOWNSTREAM')).nodes)).toEqual([datasetId, ...models, ...runs, siblingRunId].sort());
    expect(idsOf((await lineage(datasetId, 'DOWNSTREAM', 1)).nodes)).toEqual([datasetId, models[0]].sort());
    expect(idsOf((await lineage(datasetId, 'DOWNSTREAM', 2)).nodes)).toEqual([datasetId, models[0], runs[0], siblingRunId].sort());
    expect(idsOf((await lineage(runs[1], 'DOWNSTREAM', 1)).nodes)).toEqual([runs[1], models[2]].sort());
  });

  it('joins upstream and downstream for BOTH', async () => {
    const graph = await lineage(models[1], 'BOTH');

    expect(idsOf(graph.nodes)).toEqual([datasetId, ...models, ...runs].sort());
    expect(graph.nodes.map((node) => node.id)).not.toContain(siblingRunId);
    expect(graph.edges).toHaveLength(7);
    expect(idsOf((await lineage(runs[1], 'BOTH', 1)).nodes)).toEqual([models[1], runs[1], models[2]].sort());
  });

  it('defaults to BOTH', async () => {
    const data = await query(app, `query($id: ID!) { lineage(nodeId: $id) { nodes { id } } }`, { id: runs[2] });
    expect(idsOf(data.lineage.nodes)).toEqual([datasetId, ...models, ...runs].sort());
  });

  it('rejects depth outside 1..100', async () => {
    for (const depth of [0, 101, -3]) {
      const response = await app.graphql(LINEAGE, { id: models[0], direction: 'BOTH', depth });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toContain(`depth=${depth}`);
    }
  });

  it('raises NOT_FOUND for an unknown id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await app.graphql(LINEAGE, { id, direction: 'BOTH' });
      expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(response.errors?.[0].message).toContain(id);
    }
  });
});

const COMPARE_RUNS = `query($ids: [ID!]!) { compareRuns(ids: $ids) {
  id method status config sourceModelId resultModelId datasetId metric metricBefore metricAfter accuracyDrop parametersBefore parametersAfter
  nonZeroBefore nonZeroAfter sizeBytesBefore sizeBytesAfter sparsity featuresBefore featuresAfter fidelity spearman kendall
  featureAgreement rankAgreement signAgreement durationMs error } }`;

describe('compareRuns', () => {
  it('returns aligned rows in the order given from one statement', async () => {
    const order = [runs[2], runs[0], siblingRunId, runs[1]];
    let rows!: any[];
    const sql = await statementsDuring(async () => {
      rows = (await query(app, COMPARE_RUNS, { ids: order })).compareRuns;
    });

    expect(sql).toHaveLength(1);
    expect(rows.map((row) => row.id)).toEqual(order);
    expect(rows.map((row) => row.method)).toEqual(['NEURON_PRUNING', 'WEIGHT_PRUNING', 'WEIGHT_PRUNING', 'FEATURE_SELECTION']);
    expect(rows.map((row) => row.sourceModelId)).toEqual([models[2], models[0], models[0], models[1]]);
    expect(rows.map((row) => row.resultModelId)).toEqual([models[3], models[1], null, models[2]]);
    expect(rows.every((row) => row.metric === 'ACCURACY' && row.datasetId === datasetId)).toBe(true);
  });

  it('fills the summary fields of succeeded runs', async () => {
    const [neuron, weight, , feature] = (await query(app, COMPARE_RUNS, { ids: [runs[2], runs[0], siblingRunId, runs[1]] })).compareRuns;

    expect(weight.config.options.sparsity).toBe(0.5);
    expect(weight.sparsity).toBeCloseTo(0.5, 1);
    expect(weight.accuracyDrop).toBeCloseTo(weight.metricBefore - weight.metricAfter, 12);
    expect(weight.nonZeroAfter).toBeLessThan(weight.nonZeroBefore);
    expect(feature.featuresBefore).toBe(30);
    expect(feature.featuresAfter).toBe(5);
    expect(neuron.parametersAfter).toBeLessThan(neuron.parametersBefore);
    for (const row of [neuron, weight, feature]) {
      for (const field of ['metricBefore', 'metricAfter', 'sizeBytesBefore', 'sizeBytesAfter', 'fidelity', 'featureAgreement', 'rankAgreement', 'signAgreement', 'durationMs']) {
        expect(row[field], `${row.method} ${field}`).toEqual(expect.any(Number));
      }
    }
  });

  it('gives nulls for a run that did not succeed', async () => {
    const [row] = (await query(app, COMPARE_RUNS, { ids: [siblingRunId] })).compareRuns;

    expect(row.status).toBe('FAILED');
    expect(row.error).toBe('inserted by the test');
    for (const field of ['metricBefore', 'metricAfter', 'accuracyDrop', 'parametersBefore', 'sizeBytesAfter', 'sparsity', 'fidelity', 'spearman', 'featureAgreement']) {
      expect(row[field], field).toBeNull();
    }
  });

  it('raises NOT_FOUND for an unknown run', async () => {
    const unknown = randomUUID();
    const response = await app.graphql(COMPARE_RUNS, { ids: [runs[0], unknown] });
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(response.errors?.[0].message).toContain(unknown);
  });

  it('rejects more than 100 ids', async () => {
    const response = await app.graphql(COMPARE_RUNS, { ids: Array.from({ length: 101 }, () => runs[0]) });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('101');
  });
});

const COMPARE_MODELS = `query($base: ID!, $other: ID!, $method: ImportanceMethod, $k: Int) {
  compareModels(baseModelId: $base, otherModelId: $other, method: $method, k: $k) {
    method spearman kendall featureAgreement rankAgreement signAgreement k fidelity features { name base other baseRank otherRank } } }`;

describe('compareModels', () => {
  it('gives full agreement for a model with itself', async () => {
    const { compareModels } = await query(app, COMPARE_MODELS, { base: models[1], other: models[1] });

    expect(compareModels.method).toBe('PERMUTATION');
    expect(compareModels.spearman).toBeCloseTo(1, 12);
    expect(compareModels.kendall).toBeCloseTo(1, 12);
    expect(compareModels.featureAgreement).toBe(1);
    expect(compareModels.rankAgreement).toBe(1);
    expect(compareModels.signAgreement).toBe(1);
    expect(compareModels.fidelity).toBe(1);
    expect(compareModels.k).toBe(5);
    expect(compareModels.features).toHaveLength(30);
  });

  it('counts features removed by selection as zero', async () => {
    const { compareModels } = await query(app, COMPARE_MODELS, { base: models[1], other: models[2], k: 3 });
    const kept = (await query(app, `query($id: ID!) { model(id: $id) { inputFeatures } }`, { id: models[2] })).model.inputFeatures as string[];
    const removed = compareModels.features.filter((feature: any) => !kept.includes(feature.name));

    expect(compareModels.features).toHaveLength(30);
    expect(removed).toHaveLength(25);
    expect(removed.every((feature: any) => feature.other === 0)).toBe(true);
    expect(compareModels.k).toBe(3);
    expect(compareModels.fidelity).toBeGreaterThan(0);
    expect(compareModels.fidelity).toBeLessThanOrEqual(1);
  });

  it('computes and stores a missing cheap importance', async () => {
    const count = () => app.db.importanceRun.count({ where: { modelId: models[0], method: 'SALIENCY', status: 'SUCCEEDED' } });
    expect(await count()).toBe(0);

    const first = (await query(app, COMPARE_MODELS, { base: models[0], other: models[1], method: 'SALIENCY' })).compareModels;
    expect(await count()).toBe(1);
    const second = (await query(app, COMPARE_MODELS, { base: models[0], other: models[1], method: 'SALIENCY' })).compareModels;

    expect(await count()).toBe(1);
    // The second call reads the stored scores, which the database may round in the last binary digit.
    expect(second.features.map((feature: any) => feature.name)).toEqual(first.features.map((feature: any) => feature.name));
    expect(second.spearman).toBeCloseTo(first.spearman, 12);
    expect(second.featureAgreement).toBe(first.featureAgreement);
    expect(second.fidelity).toBe(first.fidelity);
    const events = await app.db.auditEvent.findMany({ where: { entityType: 'ImportanceRun', action: 'CREATE' } });
    expect(events.some((event) => (event.details as any).modelId === models[0] && (event.details as any).method === 'SALIENCY')).toBe(true);
  });

  it('asks for computeImportance before an expensive method', async () => {
    const response = await app.graphql(COMPARE_MODELS, { base: models[0], other: models[1], method: 'KERNEL_SHAP' });

    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(`computeImportance(input: { modelId: "${models[0]}", method: KERNEL_SHAP, split: TEST })`);
  });

  it('rejects models of different datasets', async () => {
    const other = await createFriedman(app, 'other dataset', 100);
    const foreign = await app.db.model.create({
      data: {
        name: 'foreign', status: 'READY', datasetId: other.id, architecture: 'LINEAR', inputFeatures: [], inputColumns: [], hiddenUnits: [],
        activation: 'linear', seed: 1, packageVersion: 'test', trainingConfig: {},
      },
    });
    const response = await app.graphql(COMPARE_MODELS, { base: models[0], other: foreign.id });

    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(datasetId);
    expect(response.errors?.[0].message).toContain(other.id);
  });

  it('rejects a neuron method and an unknown model', async () => {
    const neuron = await app.graphql(COMPARE_MODELS, { base: models[0], other: models[1], method: 'WEIGHT_L1' });
    expect(neuron.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const unknown = randomUUID();
    const missing = await app.graphql(COMPARE_MODELS, { base: models[0], other: unknown });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0].message).toContain(unknown);
  });
});

const RUN_PAGE = `query($first: Int!, $source: ID!) { compressionRuns(first: $first, filter: { sourceModelId: $source }) { edges { node {
  id sourceModel { id name dataset { id } } resultModel { id } dataset { id } summary { sparsity } } } } }`;

describe('compressionRuns page', () => {
  it('takes the same statements for 50 runs as for 5', async () => {
    const source = models[3];
    const runIds = Array.from({ length: 50 }, () => randomUUID());
    await app.db.compressionRun.createMany({
      data: runIds.map((id, index) => ({
        id, method: 'WEIGHT_PRUNING' as const, config: {}, status: 'SUCCEEDED' as const, sourceModelId: source, datasetId, inputHash: `test ${index}`, seed: index,
        summary: { sparsity: index / 100 }, sparsity: index / 100,
      })),
    });
    await app.db.model.createMany({
      data: runIds.map((id, index) => ({
        name: `inserted ${index}`, status: 'READY' as const, datasetId, architecture: 'MLP' as const, inputFeatures: [], inputColumns: [], hiddenUnits: [4],
        activation: 'relu', seed: 1, packageVersion: 'test', trainingConfig: {}, origin: 'COMPRESSED', producedByRunId: id,
      })),
    });

    let small!: any;
    let large!: any;
    const smallSql = await statementsDuring(async () => {
      small = await query(app, RUN_PAGE, { first: 5, source });
    });
    const largeSql = await statementsDuring(async () => {
      large = await query(app, RUN_PAGE, { first: 50, source });
    });

    expect(small.compressionRuns.edges).toHaveLength(5);
    expect(large.compressionRuns.edges).toHaveLength(50);
    expect(large.compressionRuns.edges.every((edge: any) => edge.node.resultModel && edge.node.sourceModel.dataset.id === datasetId)).toBe(true);
    expect(largeSql.length).toBe(smallSql.length);
    expect(largeSql.length).toBeLessThanOrEqual(6);
  });
});
