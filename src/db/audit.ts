import { canonicalJson } from '../core/canonicalJson.js';
import { sha256Hex } from '../core/hash.js';
import type { Prisma } from './generated/client.js';

/** The previous-hash value of the first event in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Key of the transaction-level advisory lock that serializes appends to the chain. */
const AUDIT_LOCK_KEY = 7_243_001;

export type AuditAction = 'CREATE' | 'UPDATE' | 'STATUS_CHANGE' | 'DELETE' | 'CANCEL' | 'REVOKE';
export type AuditEntity = 'Dataset' | 'Model' | 'CompressionRun' | 'ImportanceRun' | 'ApiKey';

export interface AuditEventInput {
  actor: string;
  action: AuditAction;
  entityType: AuditEntity;
  entityId: string;
  contentHash?: string | null;
  details?: Record<string, unknown>;
}

export interface StoredAuditFields {
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  contentHash: string | null;
  details: unknown;
  previousHash: string;
}

/** Computes an event's hash from its fields and the previous event's hash. */
export function hashAuditEvent(event: StoredAuditFields): string {
  return sha256Hex(
    event.previousHash,
    canonicalJson({
      at: event.at.toISOString(),
      actor: event.actor,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      contentHash: event.contentHash,
      details: event.details ?? {},
    }),
  );
}

/**
 * Appends an event to the hash chain inside the caller's transaction. An
 * advisory lock held until commit serializes appends, so every event links to
 * the one committed just before it.
 */
export async function appendAuditEvent(tx: Prisma.TransactionClient, input: AuditEventInput): Promise<string> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);

  const last = await tx.auditEvent.findFirst({ orderBy: { sequence: 'desc' }, select: { hash: true } });
  const fields: StoredAuditFields = {
    at: new Date(),
    actor: input.actor,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    contentHash: input.contentHash ?? null,
    details: JSON.parse(canonicalJson(input.details ?? {})),
    previousHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditEvent(fields);

  await tx.auditEvent.create({ data: { ...fields, details: fields.details as Prisma.InputJsonValue, hash } });
  return hash;
}
