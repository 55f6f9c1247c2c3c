import { CsvError, parse } from 'csv-parse/sync';
import type { InputIssue } from '../domain/errors.ts';
import type { InputLimits } from '../input/input-limits.ts';
import { clipped } from '../input/quote.ts';
import { accountFields, maxRecordBytes, requiredAccountFields } from './account-schema.ts';
import { oneLineMessage, StopReading, type EntrySink } from './raw-entries.ts';

/** What csv-parse hands `on_record` with `raw: true`. */
interface RawRecord {
  record: string[];
  raw: string;
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
 *
 * Records are handed on one at a time as csv-parse finds them (`on_record`, which keeps
 * none), and a record longer than any valid entry stops the read while it is being read:
 * neither a file of many bad rows nor one huge cell costs more than a record's memory.
 */
export function readCsvEntries(bytes: Buffer, sink: EntrySink, limits: InputLimits): void {
  // csv-parse miscounts lines when CRLF appears inside quoted cells; LF everywhere keeps `info.lines` true.
  const lf = toLf(bytes);
  let columns: string[] | undefined;
  const onRecord = ({ record, raw }: RawRecord, { lines }: { lines: number }): null => {
    const line = lines - innerLineBreaks(raw);
    if (columns === undefined) {
      columns = record.map((name) => name.trim().toLowerCase());
      const issues = headerIssues(columns, line);
      for (const issue of issues) sink.issue(issue);
      // Without a platform or url column every record would repeat the same complaint.
      if (issues.some((i) => i.message === MISSING_COLUMN)) throw new StopReading();
      return null;
    }
    // Fewer cells is fine (editors drop trailing empty cells); more means an unquoted comma shifted the values.
    if (record.length > columns.length) {
      sink.issue({
        line,
        message: `${record.length} cells but the header has ${columns.length}; put values containing commas in double quotes`,
      });
    }
    const fields: Record<string, string> = {};
    record.forEach((cell, i) => {
      const column = columns![i];
      if (column && isKnownColumn(column)) fields[column] = cell;
    });
    sink.entry({ line, fields, lineOf: () => line });
    return null;
  };
  try {
    parse(lf, {
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      max_record_size: maxRecordBytes(limits),
      // Returning null keeps nothing: the records array csv-parse would build stays empty.
      on_record: onRecord as never,
    });
  } catch (err) {
    if (err instanceof StopReading) return;
    if (!(err instanceof CsvError)) throw err;
    sink.issue(csvErrorIssue(err, columns));
  }
}

const MISSING_COLUMN = 'required column is missing from the header';

/** CRLF and lone CR line ends as LF; the bytes themselves when there are none (a register can be large). */
function toLf(bytes: Buffer): Buffer {
  let cr = bytes.indexOf(0x0d);
  if (cr < 0) return bytes;
  // UTF-8 never uses 0x0d inside a character, so bytes can be moved as they are.
  const out = Buffer.allocUnsafe(bytes.length);
  let read = 0;
  let written = 0;
  while (cr >= 0) {
    written += bytes.copy(out, written, read, cr);
    out[written++] = 0x0a;
    read = bytes[cr + 1] === 0x0a ? cr + 2 : cr + 1;
    cr = bytes.indexOf(0x0d, read);
  }
  written += bytes.copy(out, written, read);
  return out.subarray(0, written);
}

function isKnownColumn(name: string): boolean {
  return (accountFields as readonly string[]).includes(name);
}

function headerIssues(columns: readonly string[], line: number): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!isKnownColumn(column)) {
      issues.push({ line, field: clipped(column, 40), message: `unknown column; expected some of ${accountFields.join(', ')}` });
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

function csvErrorIssue(err: CsvError, columns: readonly string[] | undefined): InputIssue {
  const detail = err as CsvError & { lines?: number; raw?: string; column?: number | string | null };
  // csv-parse reports where it stopped; the user needs the record where the trouble began.
  const line =
    typeof detail.raw === 'string' && typeof detail.lines === 'number' ? detail.lines - innerLineBreaks(detail.raw) : detail.lines;
  if (err.code === 'CSV_QUOTE_NOT_CLOSED' && line !== undefined) {
    return { line, message: 'a quoted cell in this record is never closed' };
  }
  if (err.code === 'CSV_MAX_RECORD_SIZE') {
    const column = typeof detail.column === 'number' ? columns?.[detail.column] : undefined;
    return {
      line,
      ...(column && isKnownColumn(column) ? { field: column } : {}),
      message: 'this record is longer than any valid account entry (a cell far past its field’s limit); the rest of the file was not read',
    };
  }
  return { line: detail.lines, message: `not valid CSV: ${oneLineMessage(err.message)}` };
}
