// Runs `prisma generate` at install time. The Prisma 6.19 CLI downloads a
// native engine unless DATABASE_URL contains a postgresql:// URL, so a
// placeholder is set when none is configured. Generate contacts no server.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const url = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgresql://offline@127.0.0.1:1/offline';

const result = spawnSync(process.execPath, [cli, 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(result.status ?? 1);
