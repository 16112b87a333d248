import os from 'node:os';
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from '../logger.js';

/** Queue names; every job carries only the id of the row it works on. */
export const QUEUES = {
  train: 'train-model',
  compress: 'compress-model',
  importance: 'compute-importance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayload {
  id: string;
}

export interface QueueOptions {
  databaseUrl: string;
  leaseSeconds: number;
  retryLimit: number;
  pollSeconds: number;
  maintenanceSeconds?: number;
  logger: Logger;
}

/** A SQL executor that lets a job be inserted inside the caller's transaction. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * What a handler learns about its delivery. `exhausted` is true on the one
 * extra delivery after the last allowed attempt: the handler then records the
 * failure instead of working, so an entity never stays RUNNING after its
 * worker died on the last attempt.
 */
export interface JobContext {
  jobId: string;
  attempt: number;
  workerId: string;
  exhausted: boolean;
}

export type JobHandler = (payload: JobPayload, context: JobContext) => Promise<void>;

/**
 * The PostgreSQL-backed job queue (pg-boss). A job that is not completed
 * within its lease (`leaseSeconds`), for example because its worker was
 * killed, is expired by pg-boss maintenance and delivered again, up to
 * `retryLimit` retries, plus one delivery that records the failure.
 */
export class JobQueue {
  readonly workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly boss: PgBoss;
  private started = false;

  get retryLimit(): number {
    return this.options.retryLimit;
  }

  constructor(private readonly options: QueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      max: 4,
      maintenanceIntervalSeconds: options.maintenanceSeconds ?? 30,
      monitorStateIntervalSeconds: 60,
      schedule: false,
    });
    this.boss.on('error', (error: Error) => options.logger.error({ err: error }, 'job queue error'));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const name of Object.values(QUEUES)) {
      await this.boss.createQueue(name, {
        name,
        retryLimit: this.options.retryLimit + 1,
        retryDelay: 1,
        expireInSeconds: this.options.leaseSeconds,
      });
    }
    this.started = true;
  }

  /**
   * Enqueues a job for a row id. With `executor`, the job row is written in the
   * caller's open transaction, so the job exists exactly when the row does.
   */
  async enqueue(name: QueueName, id: string, executor?: SqlExecutor): Promise<void> {
    await this.boss.send(name, { id }, {
      singletonKey: id,
      retryLimit: this.options.retryLimit + 1,
      retryDelay: 1,
      expireInSeconds: this.options.leaseSeconds,
      ...(executor ? { db: executor as never } : {}),
    });
  }

  /** Starts polling one queue with `concurrency` jobs at a time. */
  async work(name: QueueName, concurrency: number, handler: JobHandler): Promise<void> {
    const log = this.options.logger.child({ queue: name, workerId: this.workerId });
    for (let slot = 0; slot < concurrency; slot++) {
      await this.boss.work<JobPayload>(
        name,
        { batchSize: 1, pollingIntervalSeconds: this.options.pollSeconds, includeMetadata: true },
        async ([job]) => {
          const attempt = job.retryCount + 1;
          log.info({ jobId: job.id, entityId: job.data.id, attempt }, 'job started');
          const started = Date.now();
          const heartbeat = this.startHeartbeat(name, job.id, log);
          try {
            const exhausted = attempt > this.options.retryLimit + 1;
            await handler(job.data, { jobId: job.id, attempt, workerId: this.workerId, exhausted });
            log.info({ jobId: job.id, entityId: job.data.id, durationMs: Date.now() - started }, 'job finished');
          } catch (error) {
            log.error({ err: error, jobId: job.id, entityId: job.data.id, attempt }, 'job failed');
            throw error;
          } finally {
            clearInterval(heartbeat);
          }
        },
      );
    }
  }

  /**
   * Renews the lease of an active job every third of `leaseSeconds`, so a
   * long job keeps its lease while its worker lives, and a killed worker's job
   * expires within one lease. pg-boss 10 expires a job when
   * started_on + expire_in has passed, so the renewal moves expire_in.
   */
  private startHeartbeat(name: QueueName, jobId: string, log: Logger): NodeJS.Timeout {
    const lease = this.options.leaseSeconds;
    const timer = setInterval(() => {
      this.boss
        .getDb()
        .executeSql(
          `UPDATE pgboss.job SET expire_in = (now() - started_on) + make_interval(secs => $3)
           WHERE name = $1 AND id = $2 AND state = 'active'`,
          [name, jobId, lease],
        )
        .catch((error: unknown) => log.warn({ err: error, jobId }, 'job lease renewal failed'));
    }, Math.max(1000, (lease * 1000) / 3));
    timer.unref();
    return timer;
  }

  async stop(graceful = true): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful, wait: true, timeout: 10_000 });
  }
}
