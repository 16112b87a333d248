import pg from 'pg';

/** Records the SQL statements that every pg client of this process sends while recording is on. */
export interface StatementCounter {
  /** Starts a new recording and clears the previous one. */
  start(): void;
  /** Stops recording and returns the statements sent since start, job-queue statements excluded. */
  stop(): string[];
  /** Restores pg's own Client.prototype.query. */
  uninstall(): void;
}

/**
 * Wraps pg.Client.prototype.query, which Prisma's pg adapter and pg-boss both
 * use through their pools, so every statement of the service is seen.
 * Statements on the pgboss schema are the job queue's own polling and
 * maintenance, not part of a request, and are left out.
 */
export function installStatementCounter(): StatementCounter {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let recording = false;
  let statements: string[] = [];

  prototype.query = function query(this: unknown, ...args: unknown[]) {
    if (recording) {
      const config = args[0];
      const text = typeof config === 'string' ? config : String((config as { text?: string } | null)?.text ?? '');
      if (!/pgboss/i.test(text)) statements.push(text);
    }
    return original.apply(this, args);
  };

  return {
    start() {
      statements = [];
      recording = true;
    },
    stop() {
      recording = false;
      return statements;
    },
    uninstall() {
      prototype.query = original;
    },
  };
}
