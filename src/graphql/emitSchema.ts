import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printSchema } from 'graphql';
import { findProjectRoot } from '../db/migrate.js';
import { buildGraphQLSchema } from './schema.js';

/** Returns the SDL of the schema as committed in schema/schema.graphql. */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(await buildGraphQLSchema())}\n`;
}

/** Writes schema/schema.graphql from the resolvers. */
async function main(): Promise<void> {
  const target = path.join(findProjectRoot(), 'schema', 'schema.graphql');
  await writeFile(target, await schemaSdl());
  console.log(`wrote ${target}`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
