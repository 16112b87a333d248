import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_KEY_FILE } from '../apiKeys.js';

/** The API key the demo sends, where it came from, and shell text that yields it without printing it. */
export interface ApiKeySource {
  key: string | null;
  origin: string;
  shellExpression: string;
}

function fromKeyFile(dataDir: string): ApiKeySource | null {
  const file = path.join(dataDir, LOCAL_KEY_FILE);
  try {
    const key = readFileSync(file, 'utf8').trim();
    return key ? { key, origin: file, shellExpression: `$(cat ${file})` } : null;
  } catch {
    return null;
  }
}

const FROM_ENVIRONMENT = { origin: 'the ADMIN_API_KEY variable', shellExpression: '$ADMIN_API_KEY' };
const MISSING: ApiKeySource = { key: null, origin: 'none: set ADMIN_API_KEY or pass --api-key', shellExpression: '<key>' };

/** Describes the key of the in-process server: ADMIN_API_KEY when set, else the key file it wrote in DATA_DIR. */
export function keyOfLocalServer(localApiKey: string | null, dataDir: string | null): ApiKeySource {
  if (!localApiKey) return MISSING;
  if (process.env.ADMIN_API_KEY === localApiKey) return { key: localApiKey, ...FROM_ENVIRONMENT };
  const file = dataDir ? fromKeyFile(dataDir) : null;
  return file?.key === localApiKey ? file : { key: localApiKey, origin: 'the in-process server', shellExpression: '<key>' };
}

/** Finds the key for a server given by --url: --api-key, else ADMIN_API_KEY, else the key file of an embedded server in DATA_DIR. */
export function keyForUrl(apiKey: string | null): ApiKeySource {
  if (apiKey) return { key: apiKey, origin: 'the --api-key option', shellExpression: '<key>' };
  if (process.env.ADMIN_API_KEY) return { key: process.env.ADMIN_API_KEY, ...FROM_ENVIRONMENT };
  return fromKeyFile(path.resolve(process.env.DATA_DIR || './.data')) ?? MISSING;
}
