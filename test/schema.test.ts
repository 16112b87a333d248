import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaSdl } from '../src/graphql/emitSchema.js';
import { repoRoot } from './support/paths.js';

describe('committed GraphQL schema', () => {
  it('matches the resolvers', async () => {
    const committed = await readFile(path.join(repoRoot, 'schema', 'schema.graphql'), 'utf8');
    // When this fails, run `npm run schema:emit` and commit schema/schema.graphql.
    expect(committed).toBe(await schemaSdl());
  });
});
