import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { pythonScript } from './paths.js';

const run = promisify(execFile);

/** Debian's interpreter, which imports the python3-sklearn and python3-torch packages. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** Whether the reference library imports, with its version or the reason it does not. */
export interface PythonModuleStatus {
  available: boolean;
  version: string | null;
  reason: string | null;
}

/** Checks whether `/usr/bin/python3 -c "import <module>"` works and reads `<module>.__version__`. */
export async function pythonModule(module: string): Promise<PythonModuleStatus> {
  if (!existsSync(SYSTEM_PYTHON)) return { available: false, version: null, reason: `${SYSTEM_PYTHON} is not installed` };
  try {
    const { stdout } = await run(SYSTEM_PYTHON, ['-c', `import ${module}; print(${module}.__version__)`], { timeout: 120_000 });
    return { available: true, version: stdout.trim(), reason: null };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').at(-1) ?? '';
    return { available: false, version: null, reason: `${module} does not import under ${SYSTEM_PYTHON}: ${stderr}` };
  }
}

/** Runs a script of bench/python with arguments and returns the JSON object it prints on its last stdout line. */
export async function runPythonScript<T>(script: string, args: string[], timeoutMs = 1_800_000): Promise<T> {
  const { stdout } = await run(SYSTEM_PYTHON, [pythonScript(script), ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`${script} printed no JSON result on its last line: ${stdout.slice(-500)}`);
  }
}

/** A tensor written as raw little-endian values for a reference script. */
export interface TensorFile {
  name: string;
  shape: number[];
  values: Float32Array | Float64Array | Uint8Array;
}

/**
 * Writes each tensor to `<folder>/<name>.bin` and a `manifest.json` that lists
 * name, dtype, shape and file, so that NumPy reads them with `fromfile`.
 */
export async function writeTensors(folder: string, tensors: TensorFile[]): Promise<string> {
  await mkdir(folder, { recursive: true });
  const manifest = [];
  for (const tensor of tensors) {
    const file = `${tensor.name}.bin`;
    await writeFile(path.join(folder, file), Buffer.from(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength));
    manifest.push({ name: tensor.name, dtype: dtypeOf(tensor.values), shape: tensor.shape, file });
  }
  const manifestPath = path.join(folder, 'manifest.json');
  await writeFile(manifestPath, JSON.stringify(manifest));
  return manifestPath;
}

function dtypeOf(values: TensorFile['values']): string {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Float64Array) return 'float64';
  return 'uint8';
}
