import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/client.js';
import type { CompressionRun } from '../db/generated/client.js';

/** How often a subscription reads the run row. */
export const RUN_POLL_INTERVAL_MS = 250;

const TERMINAL_STATUSES = new Set<string>(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function isTerminalStatus(status: string): boolean {
  return TERMINAL_STATUSES.has(status);
}

function changed(previous: CompressionRun, current: CompressionRun): boolean {
  return previous.status !== current.status || previous.progress !== current.progress || previous.phase !== current.phase;
}

/**
 * Yields a run's current state, then the run each time its status, progress
 * or phase changes, and ends after a terminal status. It polls the row,
 * because the workers that update it may run in other processes; it also
 * ends when the row disappears.
 */
export async function* runUpdates(db: Database, run: CompressionRun, intervalMs = RUN_POLL_INTERVAL_MS): AsyncGenerator<CompressionRun> {
  let last = run;
  yield run;

  while (!isTerminalStatus(last.status)) {
    await sleep(intervalMs);
    const current = await db.compressionRun.findUnique({ where: { id: run.id } });
    if (!current) return;
    if (!changed(last, current)) continue;

    last = current;
    yield current;
  }
}
