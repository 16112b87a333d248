/** Tokens read as a missing value, compared after trimming and lowercasing. */
export const MISSING_TOKENS: readonly string[] = ['', 'na', 'n/a', '?', 'nan', 'null'];

const MISSING_SET = new Set(MISSING_TOKENS);

// Plain decimal notation only, so that hex ("0x1F") and blank strings, which
// Number() would accept or turn into 0, stay text. Decimal commas ("1,5") are text too.
const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const INFINITY_PATTERN = /^[+-]?(?:inf|infinity)$/i;

/** Returns true when the cell is one of the missing-value tokens. */
export function isMissingToken(cell: string): boolean {
  const trimmed = cell.trim();
  if (trimmed.length > 4) return false;
  return MISSING_SET.has(trimmed.toLowerCase());
}

/**
 * Returns the number written in a cell, NaN when the cell is not a decimal
 * number, or ±Infinity when it is an infinity literal or overflows float64.
 */
export function parseNumberToken(cell: string): number {
  const trimmed = cell.trim();
  if (DECIMAL_PATTERN.test(trimmed)) return Number(trimmed);
  if (INFINITY_PATTERN.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  return NaN;
}

/**
 * Returns the category text of a cell. Numbers are written through String(),
 * so "1.0", "1" and "1e0" are one category "1" wherever they appear.
 */
export function categoryOf(cell: string): string {
  const trimmed = cell.trim();
  const value = parseNumberToken(trimmed);
  return Number.isFinite(value) ? String(value) : trimmed;
}
