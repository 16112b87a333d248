import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ServerInfoResolver } from './resolvers/serverInfo.js';
import { DatasetResolver } from './resolvers/dataset.js';
import { ModelResolver } from './resolvers/model.js';
import { CompressionRunResolver } from './resolvers/run.js';
import { ImportanceResolver } from './resolvers/importance.js';
import { ApiKeyResolver } from './resolvers/apiKey.js';
import { LineageResolver } from './resolvers/lineage.js';
import { ComparisonResolver } from './resolvers/comparison.js';
import { AuditResolver } from './resolvers/audit.js';
import { RunUpdatesResolver } from './resolvers/runUpdates.js';
import { databasePubSub } from './pubSub.js';

export const resolvers = [
  ServerInfoResolver,
  DatasetResolver,
  ModelResolver,
  CompressionRunResolver,
  ImportanceResolver,
  ApiKeyResolver,
  LineageResolver,
  ComparisonResolver,
  AuditResolver,
  RunUpdatesResolver,
] as const;

/** Builds the executable schema from the type-graphql resolvers. */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    validate: false,
    emitSchemaFile: false,
    pubSub: databasePubSub,
  });
}
