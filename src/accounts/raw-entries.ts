import type { InputIssue } from '../errors.ts';

/** One account entry as it stands in the file, before validation. */
export interface RawEntry {
  /** 1-based line where the entry starts. */
  line: number;
  /** Field name → value (CSV: strings; YAML/JSON: any value). */
  fields: unknown;
  /** 1-based line of a field (or nested option) path, or the entry's line when unknown. */
  lineOf(path: readonly string[]): number;
}

/** What a format reader found: the entries, plus problems with the file's structure itself. */
export interface RawEntries {
  entries: RawEntry[];
  issues: InputIssue[];
}

/**
 * Turns a parser's message into one line for an issue list: drops the code excerpt and the
 * "at line N, column M" that the issue's own line already says.
 */
export function oneLineMessage(message: string): string {
  const first = message.split('\n', 1)[0] ?? message;
  return first.replace(/\s+at line \d+(?:, column \d+)?:?$/, '').trim();
}
