import { InvalidInputError, type InputIssue } from '../domain/errors.ts';
import { clipped } from './quote.ts';

/** Problems shown in one error; the rest are counted. Enough to fix a file by, short enough to read. */
export const SHOWN_ISSUES = 100;

/** Longest message and field name an issue keeps: a safety net under messages that already quote briefly. */
const MAX_MESSAGE_CHARS = 200;
const MAX_FIELD_CHARS = 80;

/**
 * The problems found in one input, in memory that does not grow with their number: the
 * first `shown` are kept (shortened), the others only counted.
 */
export class IssueList {
  readonly #kept: InputIssue[] = [];
  #count = 0;

  constructor(readonly shown = SHOWN_ISSUES) {}

  add(issue: InputIssue): void {
    this.#count++;
    if (this.#kept.length >= this.shown) return;
    this.#kept.push({
      ...issue,
      message: clipped(issue.message, MAX_MESSAGE_CHARS),
      ...(issue.field === undefined ? {} : { field: clipped(issue.field, MAX_FIELD_CHARS) }),
    });
  }

  get count(): number {
    return this.#count;
  }

  /** Throws the problems, if any, as one error (see `error`). */
  throwIfAny(label: string, suffix = ''): void {
    if (this.#count > 0) throw this.error(label, suffix);
  }

  /** The problems as one error: `"<label> has 3 problems<suffix>"`, the lines in order. */
  error(label: string, suffix = ''): InvalidInputError {
    const count = this.#count.toLocaleString('en');
    // Stable: each line's problems stay in the order they were found.
    const sorted = [...this.#kept].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return new InvalidInputError(
      `${label} has ${count} problem${this.#count === 1 ? '' : 's'}${suffix}`,
      sorted,
      this.#count - this.#kept.length,
    );
  }
}
