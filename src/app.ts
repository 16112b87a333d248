import 'reflect-metadata';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import graphqlUploadExpress from 'graphql-upload/graphqlUploadExpress.mjs';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { openDatabase, type DatabaseConnection } from './database.js';
import { PACKAGE_VERSION } from './version.js';
import { createPrismaClient, type Database } from './db/client.js';
import { initBackend } from './ml/backend.js';
import { JobQueue } from './jobs/queue.js';
import { startWorkers } from './jobs/worker.js';
import { buildGraphQLSchema } from './graphql/schema.js';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, createContext, type Actor, type Context, type ServiceInfo, type SharedServices } from './graphql/context.js';
import { authenticate, bearerToken } from './graphql/auth.js';
import { guardPlugin } from './graphql/guard.js';
import { aliasLimitRule, depthLimitRule, RateLimiter } from './graphql/limits.js';
import { prepareApiKeys } from './apiKeys.js';
import { formatError } from './graphql/formatError.js';
import { modelFileRoutes } from './http/modelFiles.js';
import { jsonErrorHandler } from './http/errorHandler.js';
import { attachSubscriptions } from './graphql/subscriptions.js';

export { PACKAGE_VERSION };

export interface RunningApp {
  url: string;
  port: number;
  /** The ADMIN key of ADMIN_API_KEY, or the local key of the embedded mode; null otherwise. */
  localApiKey: string | null;
  db: Database;
  queue: JobQueue;
  database: DatabaseConnection;
  info: ServiceInfo;
  stop(): Promise<void>;
}

/** Resolves a request's Authorization header to its actor, or to the error the guard will raise. */
async function authenticateRequest(db: Database, header: string | string[] | undefined): Promise<{ actor: Actor; error: GraphQLError | null }> {
  try {
    return { actor: await authenticate(db, bearerToken(header), header), error: null };
  } catch (error) {
    if (error instanceof GraphQLError) return { actor: ANONYMOUS, error };
    throw error;
  }
}

/**
 * Starts the service: database (embedded or external), migrations, tfjs
 * backend, job queue, optional in-process worker and the HTTP API.
 */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const database = await openDatabase(config, logger);
  const db = createPrismaClient(database.url);
  const backend = await initBackend(config.TFJS_BACKEND);
  logger.info({ backend }, 'tfjs backend selected');

  const queue = new JobQueue({
    databaseUrl: database.url,
    leaseSeconds: config.JOB_LEASE_SECONDS,
    retryLimit: config.JOB_RETRY_LIMIT,
    pollSeconds: config.JOB_POLL_SECONDS,
    maintenanceSeconds: config.JOB_MAINTENANCE_SECONDS,
    logger,
  });
  await queue.start();

  const info: ServiceInfo = {
    version: PACKAGE_VERSION,
    backend,
    databaseMode: database.mode,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    maxUploadRows: config.MAX_UPLOAD_ROWS,
    maxModelParameters: config.MAX_MODEL_PARAMETERS,
  };
  const services: SharedServices = { db, queue, logger, info };

  const runWorker = config.RUN_WORKER ?? database.mode === 'EMBEDDED';
  if (runWorker) await startWorkers(services, config.WORKER_CONCURRENCY);

  const localApiKey = await prepareApiKeys(db, config, database.mode, logger);

  const app = express();
  const httpServer = http.createServer(app);
  httpServer.requestTimeout = config.REQUEST_TIMEOUT_MS;
  const schema = await buildGraphQLSchema();
  const stopSubscriptions = attachSubscriptions(httpServer, schema, services, (params) => authenticateRequest(db, params?.authorization as string | undefined));
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    formatError: (formatted, error) => formatError(formatted, error, logger),
    validationRules: [depthLimitRule(config.MAX_QUERY_DEPTH), aliasLimitRule(config.MAX_QUERY_ALIASES)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      guardPlugin({ schema, maxComplexity: config.MAX_QUERY_COMPLEXITY, rateLimiter: new RateLimiter(config.RATE_LIMIT_PER_MINUTE) }),
    ],
  });
  await apollo.start();

  app.get('/healthz', async (_request, response) => {
    try {
      await db.$queryRawUnsafe('SELECT 1');
      response.status(200).json({ status: 'ok' });
    } catch (error) {
      logger.warn({ err: error }, 'health check failed: the database query failed');
      response.status(503).json({ status: 'unavailable', reason: 'the database query failed' });
    }
  });
  app.use('/models', async (request, response, next) => {
    const { actor, error } = await authenticateRequest(db, request.headers.authorization);
    if (error) {
      response.status(401).json({ error: error.message });
      return;
    }
    response.locals.actor = actor;
    next();
  }, modelFileRoutes(services));
  app.use(
    '/graphql',
    graphqlUploadExpress({ maxFileSize: config.MAX_UPLOAD_BYTES, maxFiles: 1 }),
    express.json({ limit: Math.max(config.MAX_UPLOAD_BYTES, 1024 * 1024) }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const { actor, error } = await authenticateRequest(db, req.headers.authorization);
        return createContext(services, actor, error);
      },
    }),
  );

  app.use(jsonErrorHandler(logger));

  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  logger.info({ url, databaseMode: database.mode, backend, worker: runWorker }, 'service started');

  let stopped = false;
  return {
    url,
    port,
    localApiKey,
    db,
    queue,
    database,
    info,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopSubscriptions();
      await apollo.stop();
      await queue.stop();
      await db.$disconnect();
      await database.stop();
      logger.info('service stopped');
    },
  };
}
