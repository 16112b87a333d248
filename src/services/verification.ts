import type { Database } from '../db/client.js';
import { describeError } from '../jobs/errors.js';
import type { Dataset, Model } from '../db/generated/client.js';
import { computeContentHash } from '../data/binary.js';
import { readDatasetRows } from './datasetStorage.js';
import type { Mismatch, Verification } from '../graphql/types/audit.js';
import { decodeNetwork, weightsHash } from '../ml/serialize.js';
import { checkChainLinks, checkEventHashes } from './auditChain.js';
import { auditTrail, modelAncestry, type AuditEventView } from './auditTrail.js';

/** Checks and mismatches collected while verifying one lineage. */
interface Findings {
  checks: string[];
  mismatches: Mismatch[];
}

/** Recomputes the content hash of the stored matrix and target, and compares it with the record and the CREATE event. */
async function verifyDataset(db: Database, dataset: Dataset, events: AuditEventView[], findings: Findings): Promise<void> {
  const mismatch = (kind: Mismatch['kind'], expected: string | null, actual: string | null, detail: string) =>
    findings.mismatches.push({ kind, entityType: 'Dataset', entityId: dataset.id, expected, actual, detail });

  findings.checks.push(`dataset ${dataset.id}: content hash of the stored matrix and target`);
  const chunks = await db.datasetChunk.count({ where: { datasetId: dataset.id } });
  if (chunks === 0) {
    mismatch('DATASET_DATA_MISSING', dataset.contentHash, null, `dataset ${dataset.id} has no stored matrix; register the dataset again`);
  } else {
    try {
      const stored = await readDatasetRows(db, dataset.id, dataset.rowCount, dataset.featureCount);
      const actual = computeContentHash(dataset.featureNames, dataset.targetColumn, stored.X, stored.y);
      if (actual !== dataset.contentHash) {
        mismatch('DATASET_CONTENT_HASH', dataset.contentHash, actual, `the stored matrix and target of dataset ${dataset.id} hash to ${actual}, but its recorded content hash is ${dataset.contentHash}; the stored data changed`);
      }
    } catch (error) {
      mismatch('DATASET_DATA_UNREADABLE', dataset.contentHash, null, `the stored matrix of dataset ${dataset.id} does not decode: ${describeError(error)}`);
    }
  }

  findings.checks.push(`dataset ${dataset.id}: content hash recorded by its CREATE audit event`);
  const created = events.find((event) => event.entityType === 'Dataset' && event.entityId === dataset.id && event.action === 'CREATE');
  if (!created) {
    mismatch('AUDIT_EVENT_MISSING', dataset.contentHash, null, `dataset ${dataset.id} has no CREATE audit event`);
  } else if (created.contentHash !== dataset.contentHash) {
    mismatch('DATASET_AUDIT_HASH', created.contentHash, dataset.contentHash, `audit event #${created.sequence} recorded content hash ${created.contentHash} for dataset ${dataset.id}, but the dataset now records ${dataset.contentHash}`);
  }
}

/**
 * Returns the last audit event that recorded a model's weights hash: the
 * READY status change of a trained model, or the CREATE event of an imported
 * or compressed one (the CREATE event of a trained model records the dataset hash).
 */
function weightsEvent(model: Model, events: AuditEventView[]): AuditEventView | undefined {
  const own = events.filter((event) => event.entityType === 'Model' && event.entityId === model.id && event.contentHash !== null);
  const recordsWeights = (event: AuditEventView) =>
    (event.action === 'STATUS_CHANGE' && (event.details as { status?: string } | null)?.status === 'READY') ||
    (event.action === 'CREATE' && model.origin !== 'TRAINED');
  return own.filter(recordsWeights).at(-1);
}

/** Recomputes a READY model's weights hash from its stored weights and compares it with the model row and its audit event. */
function verifyModelWeights(model: Model, storedWeights: Uint8Array | undefined, events: AuditEventView[], findings: Findings): void {
  const mismatch = (kind: Mismatch['kind'], expected: string | null, actual: string | null, detail: string) =>
    findings.mismatches.push({ kind, entityType: 'Model', entityId: model.id, expected, actual, detail });

  if (model.status !== 'READY') {
    findings.checks.push(`model ${model.id}: skipped, it is ${model.status} and has no weights`);
    return;
  }
  findings.checks.push(`model ${model.id}: weights hash of the stored weights`);
  if (!storedWeights) {
    mismatch('WEIGHTS_MISSING', model.weightsHash, null, `READY model ${model.id} has no stored weights`);
    return;
  }

  let actual: string;
  try {
    actual = weightsHash(decodeNetwork(storedWeights));
  } catch (error) {
    mismatch('WEIGHTS_UNREADABLE', model.weightsHash, null, `the stored weights of model ${model.id} do not decode: ${describeError(error)}`);
    return;
  }
  if (actual !== model.weightsHash) {
    mismatch('WEIGHTS_HASH', model.weightsHash, actual, `the stored weights of model ${model.id} hash to ${actual}, but the model records ${model.weightsHash}; the stored weights changed`);
  }

  const event = weightsEvent(model, events);
  findings.checks.push(`model ${model.id}: weights hash recorded by its audit event${event ? ` #${event.sequence}` : ''}`);
  if (!event) {
    mismatch('AUDIT_EVENT_MISSING', model.weightsHash, actual, `model ${model.id} has no audit event that recorded its weights hash`);
  } else if (event.contentHash !== actual) {
    mismatch('WEIGHTS_AUDIT_HASH', event.contentHash, actual, `audit event #${event.sequence} recorded weights hash ${event.contentHash} for model ${model.id}, but the stored weights hash to ${actual}`);
  }
}

/**
 * Verifies a model and every ancestor along its lineage. It recomputes the
 * dataset content hash and each model's weights hash from the stored bytes
 * and compares them with the rows and with the audit events that recorded
 * them. It also recomputes the hash of every event of the audit trail and
 * checks the links of the whole audit chain. Lists every mismatch found.
 */
export async function verifyModel(db: Database, modelId: string): Promise<Verification> {
  const ancestry = await modelAncestry(db, modelId);
  const events = await auditTrail(db, modelId, ancestry);
  const findings: Findings = { checks: [], mismatches: [] };

  const datasets = await db.dataset.findMany({ where: { id: { in: ancestry.datasetIds } } });
  for (const dataset of datasets) await verifyDataset(db, dataset, events, findings);

  const models = await db.model.findMany({ where: { id: { in: ancestry.modelIds } } });
  const weights = await db.modelWeights.findMany({ where: { modelId: { in: ancestry.modelIds } } });
  const weightsByModel = new Map(weights.map((row) => [row.modelId, row.data]));
  const modelOrder = new Map(ancestry.modelIds.map((id, index) => [id, index]));
  models.sort((a, b) => modelOrder.get(a.id)! - modelOrder.get(b.id)!);
  for (const model of models) verifyModelWeights(model, weightsByModel.get(model.id), events, findings);

  findings.checks.push(`audit trail: hashes of its ${events.length} events`);
  findings.mismatches.push(...checkEventHashes(events));
  const chain = await checkChainLinks(db);
  findings.checks.push(`audit chain: previous-hash links of all ${chain.eventCount} events`);
  findings.mismatches.push(...chain.mismatches);

  return { ok: findings.mismatches.length === 0, modelId: modelId.toLowerCase(), checkedAt: new Date(), ...findings };
}
