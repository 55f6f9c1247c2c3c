import type { InputIssue } from '../domain/errors.ts';
import type { InputLimits } from '../input/input-limits.ts';

/** One account entry as it stands in the file, before validation. */
export interface RawEntry {
  /** 1-based line where the entry starts. */
  line: number;
  /** Field name → value (CSV: strings; YAML/JSON: any value). */
  fields: unknown;
  /** 1-based line of a field (or nested option) path, or the entry's line when unknown. */
  lineOf(path: readonly string[]): number;
}

/**
 * Where a format reader hands what it finds, as it finds it: nothing is gathered per entry,
 * so a file of a million bad rows costs the memory of one.
 */
export interface EntrySink {
  /** One entry; throws `StopReading` when the rest of the file is not wanted. */
  entry(entry: RawEntry): void;
  /** A problem with the file's structure itself (header, syntax, shape). */
  issue(issue: InputIssue): void;
}

/** Reads the entries of a register (UTF-8, without a byte order mark) into a sink. */
export type EntryReader = (bytes: Buffer, sink: EntrySink, limits: InputLimits) => void;

/** Thrown by a sink to end a read early; the reader lets it through. */
export class StopReading extends Error {}

/**
 * Turns a parser's message into one line for an issue list: drops the code excerpt and the
 * "at line N, column M" that the issue's own line already says.
 */
export function oneLineMessage(message: string): string {
  const first = message.split('\n', 1)[0] ?? message;
  return first.replace(/\s+at line \d+(?:, column \d+)?:?$/, '').trim();
}
