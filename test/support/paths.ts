import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Returns the path of a file under the shared datasets folder beside the repository. */
export function sharedDataset(relative: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'datasets', relative);
}
