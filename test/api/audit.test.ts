import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type TestApp } from '../support/app.js';
import { compressModel, createFriedman, query, startAuthorizedApp, trainSmallModel } from './provenanceSupport.js';

let app: TestApp;
let dataset: { id: string; contentHash: string };
let sourceId: string;
let runId: string;
let resultId: string;
let importanceRunId: string;

const TRAIL = `query($id: ID!) { auditTrail(modelId: $id) {
  sequence at actor action entityType entityId contentHash previousHash hash details } }`;

const VERIFY = `query($id: ID!) { verifyModel(modelId: $id) {
  ok modelId checkedAt checks mismatches { kind entityType entityId expected actual detail } } }`;

interface Mismatch {
  kind: string;
  entityType: string;
  entityId: string;
  expected: string | null;
  actual: string | null;
  detail: string;
}

async function verify(id: string): Promise<{ ok: boolean; modelId: string; checks: string[]; mismatches: Mismatch[] }> {
  return (await query(app, VERIFY, { id })).verifyModel;
}

/** Returns the byte offset of the second byte of the first float of a dense tensor in stored weights. */
function denseFloatOffset(bytes: Uint8Array, tensorName: string): number {
  const buffer = Buffer.from(bytes);
  const headerLength = buffer.readUInt32LE(4);
  const header = JSON.parse(buffer.toString('utf8', 8, 8 + headerLength)) as { tensors: Array<{ name: string; encoding: string; byteLength: number }> };
  let offset = 8 + headerLength;
  for (const tensor of header.tensors) {
    if (tensor.name === tensorName) {
      expect(tensor.encoding).toBe('dense');
      return offset + 1;
    }
    offset += tensor.byteLength;
  }
  throw new Error(`tensor ${tensorName} is not in the stored weights`);
}

/** Flips the lowest bit of one byte of a bytea column in place. */
async function flipByte(table: string, column: string, keyColumn: string, key: string, offset: number, extraWhere = ''): Promise<void> {
  await app.db.$executeRawUnsafe(
    `UPDATE "${table}" SET "${column}" = set_byte("${column}", $2::int, get_byte("${column}", $2::int) # 1) WHERE "${keyColumn}" = $1::uuid ${extraWhere}`,
    key,
    offset,
  );
}

beforeAll(async () => {
  app = await startAuthorizedApp();
  dataset = await createFriedman(app, 'friedman audit', 400);
  sourceId = await trainSmallModel(app, dataset.id, 'audited');
  ({ runId, resultId } = await compressModel(app, sourceId, 'NEURON_PRUNING', { fraction: 0.5, fineTuneEpochs: 1 }));

  const queued = await query(app, `mutation($m: ID!) { computeImportance(input: { modelId: $m, method: SALIENCY }) { id } }`, { m: sourceId });
  importanceRunId = queued.computeImportance.id;
  await waitFor(async () => {
    const run = await app.db.importanceRun.findUnique({ where: { id: importanceRunId } });
    return run && run.status !== 'QUEUED' && run.status !== 'RUNNING' ? run : undefined;
  });
});

afterAll(async () => {
  await app?.stop();
});

describe('auditTrail', () => {
  it('lists the events from the dataset to a compressed model', async () => {
    const trail = (await query(app, TRAIL, { id: resultId })).auditTrail as any[];
    const source = await app.db.model.findUniqueOrThrow({ where: { id: sourceId } });
    const result = await app.db.model.findUniqueOrThrow({ where: { id: resultId } });
    const find = (entityId: string, action: string, status?: string) =>
      trail.find((event) => event.entityId === entityId && event.action === action && (status === undefined || event.details.status === status));

    expect(find(dataset.id, 'CREATE')?.contentHash).toBe(dataset.contentHash);
    expect(find(sourceId, 'CREATE')?.details.trainingConfig.hiddenUnits).toEqual([8, 8]);
    expect(find(sourceId, 'CREATE')?.details.packageVersion).toEqual(expect.any(String));
    expect(find(sourceId, 'STATUS_CHANGE', 'READY')?.contentHash).toBe(source.weightsHash);
    expect(find(sourceId, 'STATUS_CHANGE', 'READY')?.details.backend).toBe('wasm');
    expect(find(runId, 'CREATE')?.details.config.options.fraction).toBe(0.5);
    expect(find(runId, 'STATUS_CHANGE', 'RUNNING')).toBeDefined();
    expect(find(runId, 'STATUS_CHANGE', 'SUCCEEDED')?.details.resultModelId).toBe(resultId);
    expect(find(resultId, 'CREATE')?.contentHash).toBe(result.weightsHash);
    expect(find(importanceRunId, 'CREATE')?.details.method).toBe('SALIENCY');
    expect(find(importanceRunId, 'STATUS_CHANGE', 'SUCCEEDED')).toBeDefined();
  });

  it('returns events in sequence order with valid links', async () => {
    const trail = (await query(app, TRAIL, { id: resultId })).auditTrail as any[];
    const chain = await app.db.auditEvent.findMany({ orderBy: { sequence: 'asc' } });
    const position = new Map(chain.map((event, index) => [Number(event.sequence), index]));

    expect(trail.map((event) => event.sequence)).toEqual([...trail.map((event) => event.sequence)].sort((a, b) => a - b));
    for (const event of trail) {
      const index = position.get(event.sequence)!;
      expect(event.hash).toBe(chain[index].hash);
      expect(event.previousHash).toBe(index === 0 ? '0'.repeat(64) : chain[index - 1].hash);
    }
  });

  it('leaves out events of other branches', async () => {
    const trail = (await query(app, TRAIL, { id: sourceId })).auditTrail as any[];
    expect(trail.some((event) => event.entityId === runId || event.entityId === resultId)).toBe(false);
    expect(trail.some((event) => event.entityId === importanceRunId)).toBe(true);
  });

  it('raises NOT_FOUND for an id that is not a model', async () => {
    for (const id of [dataset.id, runId, randomUUID(), 'nope']) {
      const response = await app.graphql(TRAIL, { id });
      expect(response.errors?.[0].extensions?.code, id).toBe('NOT_FOUND');
    }
  });
});

describe('verifyModel', () => {
  it('verifies untouched models and their ancestors', async () => {
    const verification = await verify(resultId);

    expect(verification.mismatches).toEqual([]);
    expect(verification.ok).toBe(true);
    expect(verification.modelId).toBe(resultId);
    expect(verification.checks).toContain(`dataset ${dataset.id}: content hash of the stored matrix and target`);
    expect(verification.checks).toContain(`model ${sourceId}: weights hash of the stored weights`);
    expect(verification.checks).toContain(`model ${resultId}: weights hash of the stored weights`);
    expect(verification.checks.some((check) => check.startsWith('audit chain: previous-hash links'))).toBe(true);
  });

  it('reports one changed weight byte on that model only', async () => {
    const weights = await app.db.modelWeights.findUniqueOrThrow({ where: { modelId: resultId } });
    const result = await app.db.model.findUniqueOrThrow({ where: { id: resultId } });
    await flipByte('ModelWeights', 'data', 'modelId', resultId, denseFloatOffset(weights.data, 'layers.0.kernel'));

    const tampered = await verify(resultId);
    expect(tampered.ok).toBe(false);
    expect(tampered.mismatches.map((mismatch) => [mismatch.kind, mismatch.entityId])).toEqual([
      ['WEIGHTS_HASH', resultId],
      ['WEIGHTS_AUDIT_HASH', resultId],
    ]);
    expect(tampered.mismatches[0].expected).toBe(result.weightsHash);
    expect(tampered.mismatches[0].actual).not.toBe(result.weightsHash);
    expect((await verify(sourceId)).ok).toBe(true);
  });

  it('reports a changed dataset byte', async () => {
    const offset = 8 * 3 + 2;
    await flipByte('DatasetChunk', 'features', 'datasetId', dataset.id, offset, 'AND "index" = 0');
    const tampered = await verify(sourceId);
    await flipByte('DatasetChunk', 'features', 'datasetId', dataset.id, offset, 'AND "index" = 0');

    expect(tampered.mismatches.map((mismatch) => [mismatch.kind, mismatch.entityId])).toEqual([['DATASET_CONTENT_HASH', dataset.id]]);
    expect(tampered.mismatches[0].expected).toBe(dataset.contentHash);
    expect((await verify(sourceId)).ok).toBe(true);
  });
});

describe('audit log', () => {
  it('rejects UPDATE, DELETE and TRUNCATE in the database', async () => {
    await expect(app.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET actor = 'intruder'`)).rejects.toThrow(/append-only/);
    await expect(app.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "entityId" = $1`, sourceId)).rejects.toThrow(/append-only/);
    await expect(app.db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await app.db.auditEvent.count({ where: { actor: 'intruder' } })).toBe(0);
  });

  it('lets verifyModel find a changed and a removed event', async () => {
    // Only the table owner can switch the append-only trigger off, which the service never does.
    const ready = await app.db.auditEvent.findFirstOrThrow({ where: { entityId: sourceId, action: 'STATUS_CHANGE' } });
    const removed = await app.db.auditEvent.findFirstOrThrow({ where: { entityId: runId, action: 'CREATE' } });
    await app.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`);
    await app.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET actor = 'intruder' WHERE sequence = $1`, ready.sequence);
    await app.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE sequence = $1`, removed.sequence);
    await app.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only`);

    const verification = await verify(sourceId);
    const kinds = verification.mismatches.map((mismatch) => [mismatch.kind, mismatch.entityId]);

    expect(verification.ok).toBe(false);
    expect(kinds).toContainEqual(['AUDIT_EVENT_HASH', sourceId]);
    expect(kinds).toContainEqual(['AUDIT_CHAIN_LINK', expect.any(String)]);
    const link = verification.mismatches.find((mismatch) => mismatch.kind === 'AUDIT_CHAIN_LINK')!;
    expect(link.actual).toBe(removed.hash);
  });
});
