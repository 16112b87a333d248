import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphqlAt, startProcess, type ServiceProcess } from '../support/processes.js';

const servers: ServiceProcess[] = [];

// A failed assertion must not leave a server, or the PostgreSQL it started, running.
afterAll(async () => {
  for (const server of servers) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
});

async function startServer(dataDir: string) {
  const server = startProcess('server', { DATA_DIR: dataDir, PORT: '0' });
  servers.push(server);
  const started = await server.waitForLog((line) => line.msg === 'service started', 90_000);
  return { server, url: started.url as string };
}

describe('embedded database mode', () => {
  it('keeps datasets across a clean restart and a SIGKILL', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cx-embedded-'));

    const first = await startServer(dataDir);
    const keyFile = path.join(dataDir, 'api-key');
    const key = (await readFile(keyFile, 'utf8')).trim();
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const info = await graphqlAt(first.url, key, '{ serverInfo { databaseMode backend } }');
    expect(info.data.serverInfo.databaseMode).toBe('EMBEDDED');
    const created = await graphqlAt(first.url, key, 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 100, noise: 1, seed: 1, name: "kept" }) { id } }');
    const id = created.data.createSyntheticDataset.id;
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    first.server.child.kill('SIGTERM');
    expect(await first.server.exited).toBe(0);

    const second = await startServer(dataDir);
    const afterRestart = await graphqlAt(second.url, key, 'query($id: ID!) { dataset(id: $id) { name rowCount } }', { id });
    expect(afterRestart.data.dataset).toEqual({ name: 'kept', rowCount: 100 });

    second.server.child.kill('SIGKILL');
    await second.server.exited;

    const third = await startServer(dataDir);
    const afterKill = await graphqlAt(third.url, key, 'query($id: ID!) { dataset(id: $id) { name rowCount } }', { id });
    expect(afterKill.data.dataset).toEqual({ name: 'kept', rowCount: 100 });

    third.server.child.kill('SIGTERM');
    expect(await third.server.exited).toBe(0);
  });
});
