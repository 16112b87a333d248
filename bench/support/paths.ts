import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Returns the repository root: the nearest folder above this file that contains package.json. */
function findRepoRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}; run the benchmarks from a checkout of the repository`);
    folder = parent;
  }
  return folder;
}

/** The repository root, both from the TypeScript sources and from the compiled dist/ tree. */
export const repoRoot = findRepoRoot();

/** Default folder of the result files (git-ignored). */
export const defaultResultsDir = path.join(repoRoot, 'bench', 'results');

/** Returns the path of a compiled entry point under dist/. */
export function compiledEntry(relative: string): string {
  return path.join(repoRoot, 'dist', relative);
}

/** Returns the path of a reference script under bench/python/. */
export function pythonScript(name: string): string {
  return path.join(repoRoot, 'bench', 'python', name);
}
