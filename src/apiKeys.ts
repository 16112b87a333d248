import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Database } from './db/client.js';
import { hashApiKey, issueLocalAdminKey, seedAdminKey } from './graphql/auth.js';

/** File in DATA_DIR holding the local ADMIN key of the embedded mode, readable by its owner only. */
export const LOCAL_KEY_FILE = 'api-key';

/**
 * Makes sure an ADMIN key exists at start-up. ADMIN_API_KEY is stored as an
 * ADMIN key. Otherwise the embedded mode keeps a local ADMIN key in
 * DATA_DIR/api-key, created on first start. Returns the key the caller may
 * use, or null in the external mode without ADMIN_API_KEY. Keys are never logged.
 */
export async function prepareApiKeys(db: Database, config: Config, mode: 'EMBEDDED' | 'EXTERNAL', logger: Logger): Promise<string | null> {
  if (config.ADMIN_API_KEY) {
    const id = await seedAdminKey(db, config.ADMIN_API_KEY);
    logger.info({ keyId: id }, 'ADMIN_API_KEY is an active ADMIN key');
    return config.ADMIN_API_KEY;
  }

  if (mode === 'EXTERNAL') {
    const active = await db.apiKey.count({ where: { revokedAt: null } });
    if (active === 0) logger.warn('no API key exists; set ADMIN_API_KEY to create an ADMIN key, since every request needs one');
    return null;
  }

  const file = path.resolve(config.DATA_DIR, LOCAL_KEY_FILE);
  const existing = await readFile(file, 'utf8').then((text) => text.trim(), () => null);
  if (existing) {
    const stored = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(existing) } });
    if (stored && !stored.revokedAt) return existing;
  }

  const issued = await issueLocalAdminKey(db);
  await writeFile(file, `${issued.key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  logger.info({ keyId: issued.id, file }, 'local ADMIN API key written');
  return issued.key;
}
