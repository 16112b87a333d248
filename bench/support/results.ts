import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MachineInfo } from './machine.js';
import type { BenchReport, BenchSize } from './types.js';

/** The content of bench/results/<name>.json. */
export interface BenchResultFile extends BenchReport {
  benchmark: string;
  size: BenchSize;
  /** ISO 8601 time the benchmark started. */
  date: string;
  durationSeconds: number;
  machine: MachineInfo;
}

/** Writes the result as pretty-printed JSON to `<folder>/<benchmark>.json` and returns the path. */
export async function writeResult(folder: string, result: BenchResultFile): Promise<string> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `${result.benchmark}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
