import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let readKey: string;
let writeKey: string;

beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
  const read = await app.graphql(`mutation { createApiKey(name: "dashboard", role: READ) { key apiKey { id role prefix } } }`);
  const write = await app.graphql(`mutation { createApiKey(name: "scripts", role: WRITE) { key apiKey { id } } }`);
  readKey = read.data.createApiKey.key;
  writeKey = write.data.createApiKey.key;
});

afterAll(async () => {
  await app?.stop();
});

const CREATE = 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 50, noise: 1, seed: 1 }) { id } }';

describe('API keys', () => {
  it('rejects a request without a key', async () => {
    const before = await app.db.dataset.count();
    const response = await app.graphqlAs(null, CREATE);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await app.db.dataset.count()).toBe(before);
  });

  it('rejects a query without a key', async () => {
    const response = await app.graphqlAs(null, '{ datasets { totalCount } }');
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a Basic authorization header by name', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
      body: JSON.stringify({ query: '{ datasets { totalCount } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toContain('Authorization scheme Basic is not supported');
  });

  it('rejects an unknown key', async () => {
    const response = await app.graphqlAs('cx_00000000_not-a-real-key', '{ datasets { totalCount } }');
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a mutation with a READ key', async () => {
    const before = await app.db.dataset.count();
    const response = await app.graphqlAs(readKey, CREATE);
    expect(response.status).toBe(403);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await app.db.dataset.count()).toBe(before);
  });

  it('lets a READ key query', async () => {
    const response = await app.graphqlAs(readKey, '{ datasets { totalCount } }');
    expect(response.errors).toBeUndefined();
  });

  it('records the WRITE key in the audit event', async () => {
    const response = await app.graphqlAs(writeKey, CREATE);
    expect(response.errors).toBeUndefined();
    const id = (response.data as any).createSyntheticDataset.id;
    const event = await app.db.auditEvent.findFirst({ where: { entityId: id, action: 'CREATE' } });
    const key = await app.db.apiKey.findFirst({ where: { name: 'scripts' } });
    expect(event?.actor).toBe(key?.id);
  });

  it('keeps key management for ADMIN keys', async () => {
    const response = await app.graphqlAs(writeKey, 'mutation { createApiKey(name: "x", role: ADMIN) { key } }');
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('stores keys only as hashes', async () => {
    const stored = await app.db.apiKey.findMany();
    for (const key of stored) {
      expect(key.keyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(key.keyHash).not.toBe(readKey);
    }
  });

  it('rejects a revoked key', async () => {
    const created = await app.graphql('mutation { createApiKey(name: "temp", role: READ) { key apiKey { id } } }');
    const { key, apiKey } = created.data.createApiKey;
    await app.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id });
    const response = await app.graphqlAs(key, '{ datasets { totalCount } }');
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('query limits', () => {
  it('rejects a query nested 50 levels deep before any resolver runs', async () => {
    let selection = 'id';
    for (let i = 0; i < 25; i++) selection = `sourceModel { producedBy { ${selection} } }`;
    const query = `query($id: ID!) { compressionRun(id: $id) { ${selection} } }`;
    const response = await app.graphqlAs(readKey, query, { id: '00000000-0000-0000-0000-000000000000' });
    // Apollo reports validation-rule errors, which run before execution, with this code.
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toMatch(/query depth 52 exceeds the maximum of 12/);
    expect(response.data).toBeUndefined();
  });

  it('rejects too many aliases', async () => {
    const fields = Array.from({ length: 40 }, (_, i) => `a${i}: serverInfo { version }`).join(' ');
    const response = await app.graphqlAs(readKey, `{ ${fields} }`);
    expect(response.errors?.[0].message).toContain('aliases');
  });

  it('rejects a page over 100', async () => {
    const response = await app.graphqlAs(readKey, '{ datasets(first: 500) { totalCount } }');
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('first=500');
  });
});
