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
import { createContext, type Actor, type ServiceInfo, type SharedServices } from './graphql/context.js';
import { formatError } from './graphql/formatError.js';
import { modelFileRoutes } from './http/modelFiles.js';
import { attachSubscriptions } from './graphql/subscriptions.js';

export { PACKAGE_VERSION };

export interface RunningApp {
  url: string;
  port: number;
  db: Database;
  queue: JobQueue;
  database: DatabaseConnection;
  info: ServiceInfo;
  stop(): Promise<void>;
}

const LOCAL_ACTOR: Actor = { name: 'local', keyId: null, role: 'ADMIN' };

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

  const app = express();
  const httpServer = http.createServer(app);
  const schema = await buildGraphQLSchema();
  const stopSubscriptions = attachSubscriptions(httpServer, schema, services, () => LOCAL_ACTOR);
  const apollo = new ApolloServer<ReturnType<typeof createContext>>({
    schema,
    csrfPrevention: true,
    formatError: (formatted, error) => formatError(formatted, error, logger),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.get('/healthz', async (_request, response) => {
    try {
      await db.$queryRawUnsafe('SELECT 1');
      response.status(200).json({ status: 'ok' });
    } catch (error) {
      logger.warn({ err: error }, 'health check failed: database did not answer');
      response.status(503).json({ status: 'unavailable', reason: 'database did not answer' });
    }
  });
  app.use('/models', modelFileRoutes(services));
  app.use(
    '/graphql',
    graphqlUploadExpress({ maxFileSize: config.MAX_UPLOAD_BYTES, maxFiles: 1 }),
    express.json({ limit: Math.max(config.MAX_UPLOAD_BYTES, 1024 * 1024) }),
    expressMiddleware(apollo, { context: async () => createContext(services, LOCAL_ACTOR) }),
  );

  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  logger.info({ url, databaseMode: database.mode, backend, worker: runWorker }, 'service started');

  let stopped = false;
  return {
    url,
    port,
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
