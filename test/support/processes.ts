import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface ServiceProcess {
  child: ChildProcess;
  /** Parsed JSON log lines written so far. */
  logs: Array<Record<string, any>>;
  /** Resolves with the first log line that matches. */
  waitForLog(match: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Starts a compiled entry point (`dist/src/server.js` or `dist/src/worker.js`)
 * as a separate Node.js process with JSON logs on stdout.
 */
export function startProcess(entry: 'server' | 'worker', env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'src', `${entry}.js`)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, any>> = [];
  const waiters: Array<{ match: (line: Record<string, any>) => boolean; resolve: (line: Record<string, any>) => void }> = [];
  let buffer = '';
  let stderr = '';

  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let line: Record<string, any>;
      try {
        line = JSON.parse(text);
      } catch {
        continue;
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const waitForLog = (match: (line: Record<string, any>) => boolean, timeoutMs = 60_000) => {
    const found = logs.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<Record<string, any>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry} did not log the expected line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}; last logs: ${JSON.stringify(logs.slice(-5))}`)), timeoutMs);
      waiters.push({ match, resolve: (line) => { clearTimeout(timer); resolve(line); } });
      void exited.then((code) => { clearTimeout(timer); reject(new Error(`${entry} exited with code ${code}; stderr: ${stderr.slice(-2000)}`)); });
    });
  };

  return { child, logs, waitForLog, exited };
}

/** Sends a GraphQL request over HTTP and returns the parsed body. */
export async function graphqlAt(url: string, key: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}
