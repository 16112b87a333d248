import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ServerInfoResolver } from './resolvers/serverInfo.js';
import { DatasetResolver } from './resolvers/dataset.js';
import { ModelResolver } from './resolvers/model.js';
import { CompressionRunResolver } from './resolvers/run.js';
import { ImportanceResolver } from './resolvers/importance.js';

export const resolvers = [ServerInfoResolver, DatasetResolver, ModelResolver, CompressionRunResolver, ImportanceResolver] as const;

/** Builds the executable schema from the type-graphql resolvers. */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    validate: false,
    emitSchemaFile: false,
  });
}
