import type { SharedServices } from '../graphql/context.js';
import { QUEUES } from './queue.js';
import { handleTrainModel } from './train.js';
import { handleCompressModel } from './compress.js';
import { handleComputeImportance } from './importance.js';

/**
 * Registers the job handlers of every queue on this process, with
 * `concurrency` jobs of each queue at a time.
 */
export async function startWorkers(services: SharedServices, concurrency: number): Promise<void> {
  const { queue } = services;
  await queue.work(QUEUES.train, concurrency, (payload, job) => handleTrainModel(services, payload, job));
  await queue.work(QUEUES.compress, concurrency, (payload, job) => handleCompressModel(services, payload, job));
  await queue.work(QUEUES.importance, concurrency, (payload, job) => handleComputeImportance(services, payload, job));
  services.logger.info({ workerId: queue.workerId, concurrency }, 'worker started');
}
