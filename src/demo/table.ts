/** A column of a text table: its header and whether numbers align right. */
export interface TableColumn {
  header: string;
  alignRight?: boolean;
}

/** Formats rows of cells as a text table with a header rule, padding every column to its widest cell. */
export function formatTable(columns: TableColumn[], rows: string[][]): string {
  const widths = columns.map((column, c) => Math.max(column.header.length, ...rows.map((row) => (row[c] ?? '').length)));

  const formatRow = (cells: string[]) =>
    cells
      .map((cell, c) => (columns[c].alignRight ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();

  const header = formatRow(columns.map((column) => column.header));
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [header, rule, ...rows.map(formatRow)].join('\n');
}

/** Formats a number with fixed decimals, or a dash when it is missing. */
export function formatNumber(value: number | null | undefined, decimals = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(decimals);
}

/** Formats a byte count in B below 1 KiB and in KB (1024 bytes) with one decimal above. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** Formats an integer with thousands separators. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
