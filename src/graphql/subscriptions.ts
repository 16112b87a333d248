import type http from 'node:http';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createContext, type Actor, type SharedServices } from './context.js';

/**
 * Serves GraphQL subscriptions over the graphql-ws protocol on the same
 * `/graphql` path as queries. Returns a function that closes the server.
 */
export function attachSubscriptions(
  httpServer: http.Server,
  schema: GraphQLSchema,
  services: SharedServices,
  authenticate: (connectionParams: Record<string, unknown> | undefined) => Promise<{ actor: Actor; error: GraphQLError | null }>,
): () => Promise<void> {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const cleanup = useServer(
    {
      schema,
      // A connection without a valid key in connectionParams.authorization is closed at once.
      onConnect: async (ctx) => !(await authenticate(ctx.connectionParams as Record<string, unknown> | undefined)).error,
      context: async (ctx) => {
        const { actor, error } = await authenticate(ctx.connectionParams as Record<string, unknown> | undefined);
        return createContext(services, actor, error);
      },
    },
    wsServer,
  );
  return async () => {
    await cleanup.dispose();
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
  };
}
