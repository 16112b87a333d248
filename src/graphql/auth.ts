import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../core/hash.js';
import type { Database, Prisma } from '../db/client.js';
import { appendAuditEvent } from '../db/audit.js';
import type { Actor } from './context.js';
import { apiError } from './errors.js';

export type Role = Actor['role'];

const ROLE_RANK: Record<Role, number> = { READ: 1, WRITE: 2, ADMIN: 3 };

/** Prefix of every key, so that leaked keys are easy to find by scanners. */
const KEY_PREFIX = 'cx';

export interface IssuedKey {
  id: string;
  /** The whole key; it is shown once and stored only as a SHA-256 hash. */
  key: string;
  prefix: string;
}

/** Returns the stored form of a key: its SHA-256 hash. */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** Creates a random key `cx_<8 hex>_<43 base64url>` and stores its hash with a role. */
export async function issueApiKey(db: Database | Prisma.TransactionClient, name: string, role: Role, key?: string): Promise<IssuedKey> {
  const prefix = randomBytes(4).toString('hex');
  const value = key ?? `${KEY_PREFIX}_${prefix}_${randomBytes(32).toString('base64url')}`;
  const shownPrefix = key ? key.slice(0, 8) : `${KEY_PREFIX}_${prefix}`;
  const stored = await db.apiKey.create({ data: { name, role, keyHash: hashApiKey(value), prefix: shownPrefix } });
  return { id: stored.id, key: value, prefix: shownPrefix };
}

/**
 * Stores the key of ADMIN_API_KEY as an ADMIN key unless its hash is already
 * stored, so automation can start with a known key. Returns the key id.
 */
export async function seedAdminKey(db: Database, key: string): Promise<string> {
  return db.$transaction(async (tx) => {
    const existing = await tx.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
    if (existing && !existing.revokedAt && existing.role === 'ADMIN') return existing.id;

    const id = existing
      ? (await tx.apiKey.update({ where: { id: existing.id }, data: { revokedAt: null, role: 'ADMIN' } })).id
      : (await issueApiKey(tx, 'ADMIN_API_KEY', 'ADMIN', key)).id;
    await appendAuditEvent(tx, { actor: 'system', action: existing ? 'UPDATE' : 'CREATE', entityType: 'ApiKey', entityId: id, contentHash: hashApiKey(key), details: { name: 'ADMIN_API_KEY', role: 'ADMIN' } });
    return id;
  });
}

/** Creates an ADMIN key with its audit event, for the local key of the embedded mode. */
export async function issueLocalAdminKey(db: Database): Promise<IssuedKey> {
  return db.$transaction(async (tx) => {
    const issued = await issueApiKey(tx, 'local', 'ADMIN');
    await appendAuditEvent(tx, { actor: 'system', action: 'CREATE', entityType: 'ApiKey', entityId: issued.id, contentHash: hashApiKey(issued.key), details: { name: 'local', role: 'ADMIN' } });
    return issued;
  });
}

/** Reads the bearer token of an Authorization header value, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : null;
}

/**
 * Resolves a bearer token to the actor it belongs to, or raises
 * UNAUTHENTICATED for a missing, unknown or revoked key.
 */
export async function authenticate(db: Database, token: string | null, header?: string | string[]): Promise<Actor> {
  if (!token) {
    const scheme = (Array.isArray(header) ? header[0] : header)?.trim().split(/\s+/)[0];
    throw apiError(
      'UNAUTHENTICATED',
      scheme ? `Authorization scheme ${scheme.slice(0, 20)} is not supported; send "Authorization: Bearer <key>"` : 'missing API key; send the header "Authorization: Bearer <key>"',
    );
  }
  const key = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(token) } });
  if (!key || key.revokedAt) {
    throw apiError('UNAUTHENTICATED', `API key ${token.slice(0, 11)}… is unknown or revoked; ask an ADMIN for a valid key`);
  }
  return { name: key.name, keyId: key.id, role: key.role as Role };
}

/** Raises FORBIDDEN unless the actor has at least the given role. */
export function requireRole(actor: Actor, role: Role, action: string): void {
  if (ROLE_RANK[actor.role] < ROLE_RANK[role]) {
    throw apiError('FORBIDDEN', `${action} needs a ${role} key, and key ${actor.keyId ?? actor.name} has role ${actor.role}; use a key with role ${role}`);
  }
}
