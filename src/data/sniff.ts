/** Delimiters that the sniffer chooses among, in order of preference on ties. */
export const CANDIDATE_DELIMITERS = [',', ';', '\t'] as const;

export type Delimiter = (typeof CANDIDATE_DELIMITERS)[number];

const MAX_SAMPLE_LINES = 50;

/**
 * Detects the delimiter from the first lines of a file. Delimiters inside
 * double quotes do not count. A candidate that occurs the same non-zero number
 * of times on every sampled line wins (the most occurrences first, then the
 * order of CANDIDATE_DELIMITERS). Without such a candidate, the one with the
 * highest count wins, and a file without any candidate is read as one column
 * separated by commas.
 *
 * `complete` is true when `head` is the whole file. Otherwise its last line
 * may be cut off, so it is ignored.
 */
export function sniffDelimiter(head: string, complete: boolean): Delimiter {
  const counts = countPerLine(head, complete);
  if (counts.length === 0) return ',';

  let best: Delimiter = ',';
  let bestScore = -1;
  for (let c = 0; c < CANDIDATE_DELIMITERS.length; c++) {
    const score = consistencyScore(counts.map((line) => line[c]));
    if (score > bestScore) {
      best = CANDIDATE_DELIMITERS[c];
      bestScore = score;
    }
  }
  return best;
}

// Consistent candidates score above every inconsistent one; zero never wins.
function consistencyScore(perLine: number[]): number {
  const first = perLine[0];
  const consistent = first > 0 && perLine.every((count) => count === first);
  const total = perLine.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 0;
  return consistent ? 1e9 + first : total;
}

// Returns, for each non-empty line, the count of each candidate outside quotes.
function countPerLine(head: string, complete: boolean): number[][] {
  const lines: number[][] = [];
  let counts = [0, 0, 0];
  let inQuotes = false;
  let lineHasContent = false;

  for (let i = 0; i < head.length && lines.length < MAX_SAMPLE_LINES; i++) {
    const char = head[i];
    if (char === '"') inQuotes = !inQuotes;
    if (!inQuotes && char === '\n') {
      if (lineHasContent) lines.push(counts);
      counts = [0, 0, 0];
      lineHasContent = false;
      continue;
    }
    if (char !== '\r' && char !== '\ufeff') lineHasContent = true;
    if (inQuotes) continue;

    const candidate = CANDIDATE_DELIMITERS.indexOf(char as Delimiter);
    if (candidate >= 0) counts[candidate]++;
  }

  if (complete && lineHasContent && lines.length < MAX_SAMPLE_LINES) lines.push(counts);
  return lines;
}
