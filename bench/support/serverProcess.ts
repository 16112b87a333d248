import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { compiledEntry, repoRoot } from './paths.js';

/** The service running as a child process of the benchmark, so that its memory is measured alone. */
export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Error and fatal log lines (pino level 50 and above), newest last, to explain a failed request. */
  errorLogs: string[];
  /** Stops the server with SIGTERM and waits for it to exit. */
  stop(): Promise<void>;
}

/** Resident memory figures of a process, in bytes, from /proc/<pid>/status. */
export interface MemoryReading {
  /** VmRSS: resident set size now. */
  rss: number;
  /** VmHWM: peak resident set size since the process started or since resetPeakMemory. */
  peak: number;
}

/**
 * Starts `node dist/src/server.js` with the given environment (DATABASE_URL,
 * ADMIN_API_KEY, limits) on a free port and resolves once it logs
 * "service started".
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [compiledEntry('src/server.js')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  const errorLogs: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));

  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not log "service started" within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const parsed = parseJsonLine(line);
        if (parsed && Number(parsed.level) >= 50) errorLogs.push(describeLogLine(parsed));
        if (parsed?.msg === 'service started' && typeof parsed.url === 'string') {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      }
      // Keep only a bounded tail of unparsed output, since log lines are short.
      buffer = buffer.slice(-100_000);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it started; stderr: ${stderr}`));
    });
  });

  return {
    url,
    pid: child.pid!,
    child,
    errorLogs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Reads VmRSS and VmHWM of a process from /proc. */
export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: statusKilobytes(status, 'VmRSS') * 1024, peak: statusKilobytes(status, 'VmHWM') * 1024 };
}

/**
 * Resets the peak resident set size (VmHWM) of a process to its current RSS
 * by writing 5 to /proc/<pid>/clear_refs (Linux 4.0+). Returns false where the
 * kernel or the permissions do not allow it.
 */
export function resetPeakMemory(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Samples VmRSS of a process every `intervalMs` until stopped, as a cross-check
 * of VmHWM; `stop` returns the largest sample in bytes.
 */
export function sampleMemory(pid: number, intervalMs = 50): { stop(): number } {
  let largest = 0;
  const sample = () => {
    try {
      largest = Math.max(largest, readMemory(pid).rss);
    } catch {
      // The process has exited; the samples so far stand.
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return largest;
    },
  };
}

function statusKilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`/proc status has no ${field} line; this needs Linux`);
  return Number(match[1]);
}

function describeLogLine(line: Record<string, unknown>): string {
  const error = line.err as { message?: string; stack?: string } | undefined;
  return `${String(line.msg)}${error ? `: ${error.stack ?? error.message}` : ''}`.slice(0, 3000);
}

function parseJsonLine(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}
