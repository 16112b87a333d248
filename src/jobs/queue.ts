import os from 'node:os';
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from '../logger.js';
import { describeError } from './errors.js';

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
 * Facts about one delivery of a job. `exhausted` is true on the one extra
 * delivery after the last allowed attempt. The handler then records the
 * failure instead of working, so an entity never stays RUNNING after its
 * worker died on the last attempt.
 */
export interface JobContext {
  jobId: string;
  attempt: number;
  workerId: string;
  exhausted: boolean;
}

/** How long a graceful stop waits for running jobs. */
const STOP_TIMEOUT_MS = 10_000;

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
  private stopping = false;
  private readonly loops: Array<Promise<void>> = [];
  private readonly wakeUps = new Set<() => void>();
  /** Jobs whose handler is running, by job id, with their queue name. */
  private readonly activeJobs = new Map<string, QueueName>();

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
    // pg-boss attaches the pg client to some errors, so only the message and code are logged.
    this.boss.on('error', (error: Error & { code?: string }) =>
      options.logger.error({ error: error.message, code: error.code }, 'job queue error'),
    );
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

  /**
   * Starts `concurrency` polling loops on one queue, each running one job at a
   * time. These loops replace pg-boss 10's `work` for two reasons. First,
   * `work` fails a job whose handler runs longer than the job's expire_in at
   * fetch time, so a renewed lease would not stop a second delivery while the
   * first still runs. Second, `work` does not catch a failed complete or fail
   * call, and that unhandled rejection ends the process while PostgreSQL is down.
   */
  async work(name: QueueName, concurrency: number, handler: JobHandler): Promise<void> {
    const log = this.options.logger.child({ queue: name, workerId: this.workerId });
    for (let slot = 0; slot < concurrency; slot++) this.loops.push(this.poll(name, handler, log));
  }

  private async poll(name: QueueName, handler: JobHandler, log: Logger): Promise<void> {
    while (!this.stopping) {
      const job = await this.fetchOne(name, log);
      if (!job) {
        await this.pause(this.options.pollSeconds * 1000);
        continue;
      }
      try {
        await this.runJob(name, job, handler, log);
      } catch (error) {
        // Only a malformed job row gets here, and the loop must outlive it.
        log.error({ err: error, jobId: job.id }, 'job could not be run; its lease lapses and it is delivered again');
      }
    }
  }

  /** Returns the next job of the queue, or null when there is none or the database is unreachable. */
  private async fetchOne(name: QueueName, log: Logger): Promise<PgBoss.JobWithMetadata<JobPayload> | null> {
    try {
      const [job] = await this.boss.fetch<JobPayload>(name, { batchSize: 1, includeMetadata: true });
      return job ?? null;
    } catch (error) {
      log.warn({ err: error }, 'job fetch failed; polling again after the poll interval');
      return null;
    }
  }

  private async runJob(name: QueueName, job: PgBoss.JobWithMetadata<JobPayload>, handler: JobHandler, log: Logger): Promise<void> {
    const attempt = job.retryCount + 1;
    const fields = { jobId: job.id, entityId: job.data.id, attempt };
    log.info(fields, 'job started');
    const started = Date.now();
    const heartbeat = this.startHeartbeat(name, job.id, log);
    this.activeJobs.set(job.id, name);

    let failure: unknown = null;
    try {
      const exhausted = attempt > this.options.retryLimit + 1;
      await handler(job.data, { jobId: job.id, attempt, workerId: this.workerId, exhausted });
    } catch (error) {
      failure = error ?? new Error('job handler threw no error object');
    } finally {
      clearInterval(heartbeat);
      this.activeJobs.delete(job.id);
    }

    if (failure === null) {
      log.info({ ...fields, durationMs: Date.now() - started }, 'job finished');
      await this.settle(() => this.boss.complete(name, job.id), fields, log);
    } else {
      log.error({ ...fields, err: failure }, 'job failed');
      await this.settle(() => this.boss.fail(name, job.id, { message: describeError(failure) }), fields, log);
    }
  }

  /**
   * Records a job's outcome. When the database is unreachable, the job stays
   * active until its lease lapses and is then delivered again. The handlers
   * allow a second delivery, so the error is logged and not raised.
   */
  private async settle(record: () => Promise<void>, fields: object, log: Logger): Promise<void> {
    try {
      await record();
    } catch (error) {
      log.warn({ ...fields, err: error }, 'job outcome not recorded; the job is delivered again when its lease lapses');
    }
  }

  /** Waits `ms`, or less when stop() is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeUps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeUps.add(wake);
    });
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

  /**
   * Stops polling. A graceful stop waits up to STOP_TIMEOUT_MS for running
   * jobs and then fails those still running, so they are delivered again at
   * once instead of after their lease.
   */
  async stop(graceful = true): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    for (const wake of [...this.wakeUps]) wake();

    if (graceful) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)));
      await Promise.race([Promise.all(this.loops), timeout]);
      clearTimeout(timer);
      for (const [jobId, name] of this.activeJobs) {
        await this.settle(() => this.boss.fail(name, jobId, { message: 'the worker stopped while the job was running' }), { jobId }, this.options.logger);
      }
    }
    await this.boss.stop({ graceful, wait: true, timeout: STOP_TIMEOUT_MS });
  }
}
