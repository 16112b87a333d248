import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The shared datasets folder, which sits beside the repository. */
export const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

export const ADULT_COLUMNS = [
  'age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship',
  'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income',
];

export const ABALONE_COLUMNS = ['Sex', 'Length', 'Diameter', 'Height', 'Whole weight', 'Shucked weight', 'Viscera weight', 'Shell weight', 'Rings'];

export function datasetStream(relativePath: string): Readable {
  return createReadStream(DATASETS + relativePath);
}

/** Streams text as Buffers of `size` bytes, so that chunk borders fall inside fields and characters. */
export function chunkedStream(text: string, size: number): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return Readable.from(chunks);
}

/** Returns CSV text with a header `x,y` and `count` rows where y = 2x (x = 0, 1, ...). */
export function linearCsv(count: number): string {
  const lines = ['x,y'];
  for (let i = 0; i < count; i++) lines.push(`${i},${2 * i}`);
  return lines.join('\n') + '\n';
}
