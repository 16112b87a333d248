import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
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
  authenticate: (connectionParams: Record<string, unknown> | undefined) => Actor,
): () => Promise<void> {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const cleanup = useServer(
    {
      schema,
      context: (ctx) => createContext(services, authenticate(ctx.connectionParams as Record<string, unknown> | undefined)),
    },
    wsServer,
  );
  return async () => {
    await cleanup.dispose();
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
  };
}
