import { GENESIS_HASH, hashAuditEvent } from '../db/audit.js';
import type { Database } from '../db/client.js';
import type { Mismatch } from '../graphql/types/audit.js';
import type { AuditEventView } from './auditTrail.js';

/** Events whose previousHash differs from the hash of the event before them in sequence order. */
const BROKEN_LINKS_SQL = `
SELECT sequence, "entityType", "entityId", "previousHash", expected FROM (
  SELECT sequence, "entityType", "entityId", "previousHash",
    COALESCE(LAG(hash) OVER (ORDER BY sequence), $1::text) AS expected
  FROM "AuditEvent"
) AS chain
WHERE "previousHash" <> expected
ORDER BY sequence`;

interface BrokenLink {
  sequence: bigint;
  entityType: string;
  entityId: string;
  previousHash: string;
  expected: string;
}

/** Recomputes the hash of each event from its fields and previousHash, and lists those that differ. */
export function checkEventHashes(events: AuditEventView[]): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const event of events) {
    const actual = hashAuditEvent(event);
    if (actual === event.hash) continue;
    mismatches.push({
      kind: 'AUDIT_EVENT_HASH',
      entityType: event.entityType,
      entityId: event.entityId,
      expected: event.hash,
      actual,
      detail: `audit event #${event.sequence} (${event.action} of ${event.entityType} ${event.entityId}) hashes to ${actual}, but its stored hash is ${event.hash}; a field of the event changed after it was written`,
    });
  }
  return mismatches;
}

/**
 * Checks that every event of the global chain links to the hash of the event
 * before it, the first one to the genesis hash. Returns the number of events
 * and a mismatch per broken link.
 */
export async function checkChainLinks(db: Database): Promise<{ eventCount: number; mismatches: Mismatch[] }> {
  const [eventCount, broken] = await Promise.all([
    db.auditEvent.count(),
    db.$queryRawUnsafe<BrokenLink[]>(BROKEN_LINKS_SQL, GENESIS_HASH),
  ]);

  const mismatches = broken.map((link): Mismatch => ({
    kind: 'AUDIT_CHAIN_LINK',
    entityType: link.entityType,
    entityId: link.entityId,
    expected: link.expected,
    actual: link.previousHash,
    detail: `audit event #${link.sequence} links to previous hash ${link.previousHash}, but the event before it has hash ${link.expected}; an event was removed, inserted or changed`,
  }));
  return { eventCount, mismatches };
}
