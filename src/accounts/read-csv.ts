import { CsvError, parse } from 'csv-parse/sync';
import type { InputIssue } from '../errors.ts';
import { accountFields, requiredAccountFields } from './account-schema.ts';
import { oneLineMessage, type RawEntries, type RawEntry } from './raw-entries.ts';

interface InfoRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Line breaks inside a record: csv-parse's `info.lines` is the line a record ends on, and
 * its `raw` text also holds the empty lines skipped before it and the break that ends it.
 */
function innerLineBreaks(raw: string): number {
  return (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g) ?? []).length;
}

/**
 * Reads an accounts CSV: a header row naming the columns (any order), then one account per
 * record. Each entry carries the line its record starts on, so quoted cells spanning
 * several lines do not shift the line numbers of later records.
 */
export function readCsvEntries(text: string): RawEntries {
  // csv-parse miscounts lines when CRLF appears inside quoted cells; LF everywhere keeps `info.lines` true.
  const lf = text.replace(/\r\n?/g, '\n');
  let records: InfoRecord[];
  try {
    records = parse(lf, {
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as InfoRecord[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    return { entries: [], issues: [csvErrorIssue(err)] };
  }

  const [header, ...rows] = records;
  if (!header) return { entries: [], issues: [] };
  const headerLine = header.info.lines - innerLineBreaks(header.raw);
  const columns = header.record.map((name) => name.trim().toLowerCase());
  const issues = headerIssues(columns, headerLine);
  // Without a platform or url column every record would repeat the same complaint.
  if (issues.some((i) => i.message === MISSING_COLUMN)) return { entries: [], issues };

  const entries = rows.map((row): RawEntry => {
    const line = row.info.lines - innerLineBreaks(row.raw);
    // Fewer cells is fine (editors drop trailing empty cells); more means an unquoted comma shifted the values.
    if (row.record.length > columns.length) {
      issues.push({
        line,
        message: `${row.record.length} cells but the header has ${columns.length}; put values containing commas in double quotes`,
      });
    }
    const fields: Record<string, string> = {};
    row.record.forEach((cell, i) => {
      const column = columns[i];
      if (column && isKnownColumn(column)) fields[column] = cell;
    });
    return { line, fields, lineOf: () => line };
  });
  return { entries, issues };
}

const MISSING_COLUMN = 'required column is missing from the header';

function isKnownColumn(name: string): boolean {
  return (accountFields as readonly string[]).includes(name);
}

function headerIssues(columns: readonly string[], line: number): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!isKnownColumn(column)) {
      issues.push({ line, field: column, message: `unknown column; expected some of ${accountFields.join(', ')}` });
    } else if (seen.has(column)) {
      issues.push({ line, field: column, message: 'column appears twice' });
    }
    seen.add(column);
  }
  for (const column of requiredAccountFields) {
    if (!seen.has(column)) issues.push({ line, field: column, message: MISSING_COLUMN });
  }
  return issues;
}

function csvErrorIssue(err: CsvError): InputIssue {
  const detail = err as CsvError & { lines?: number; raw?: string };
  if (err.code === 'CSV_QUOTE_NOT_CLOSED' && typeof detail.raw === 'string' && typeof detail.lines === 'number') {
    // csv-parse reports the end of the file; the user needs the record where the quote opened.
    return {
      line: detail.lines - innerLineBreaks(detail.raw),
      message: 'a quoted cell in this record is never closed',
    };
  }
  return { line: detail.lines, message: `not valid CSV: ${oneLineMessage(err.message)}` };
}
