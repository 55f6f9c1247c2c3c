import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';

export type OutputFormat = 'table' | 'json' | 'csv';

export interface OutputColumn {
  /** Property of the row to show. */
  key: string;
  /** Column title in the table or CSV header. */
  header: string;
}

export interface FormatRowsOptions {
  /**
   * Colour the table's header and borders. Only for a terminal: escape codes would end up
   * in files and pipes.
   * @defaultValue false
   */
  colour?: boolean;
}

/** Shown in tables for a missing value, so an empty cell is never mistaken for a misaligned one. */
const MISSING = '—';

/**
 * Renders result rows for the CLI.
 * - `json`: a pretty-printed array of the full row objects (every key, not only `columns`).
 * - `csv`: a header of the column titles, then one record per row; missing values are empty.
 * - `table`: a boxed table of the columns; missing values show as "—". Wide (CJK)
 *   characters count as two columns, so Chinese names stay aligned.
 */
export function formatRows(
  rows: readonly object[],
  format: OutputFormat,
  columns: readonly OutputColumn[],
  options: FormatRowsOptions = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'csv':
      return stringify([
        columns.map((c) => c.header),
        ...rows.map((row) => columns.map((c) => cellText((row as Record<string, unknown>)[c.key]) ?? '')),
      ]);
    case 'table':
      return `${renderTable(rows, columns, options.colour ?? false)}\n`;
  }
}

function renderTable(rows: readonly object[], columns: readonly OutputColumn[], colour: boolean): string {
  const table = new Table({
    head: columns.map((c) => c.header),
    style: colour ? { compact: true } : { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push(columns.map((c) => cellText((row as Record<string, unknown>)[c.key]) ?? MISSING));
  return table.toString();
}

/** Text of one value, or null when there is none. Dates as ISO 8601, objects as JSON. */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? null;
}
