import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from './support/paths.js';

const run = promisify(execFile);

const BENCHMARKS = ['ingest', 'training', 'importance', 'pruning', 'graphql', 'load'];

// Each benchmark runs at --size smoke as `npm run bench` would run it, from the
// dist/ build that the global setup compiles, against the tests' PostgreSQL.
describe.concurrent('benchmarks at smoke size', () => {
  let outDir: string;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'cx-bench-test-'));
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it.each(BENCHMARKS)('%s completes and writes its result', async (name) => {
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'dist', 'bench', 'run.js'), name, '--size', 'smoke', '--out', outDir], {
      cwd: repoRoot,
      env: { ...process.env, BENCH_DATABASE_URL: inject('adminDatabaseUrl') },
      timeout: 110_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain(`## ${name} (smoke`);

    const result = JSON.parse(await readFile(path.join(outDir, `${name}.json`), 'utf8'));
    expect(result.benchmark).toBe(name);
    expect(result.size).toBe('smoke');
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(Object.keys(result.figures).length).toBeGreaterThan(0);
  });
});
