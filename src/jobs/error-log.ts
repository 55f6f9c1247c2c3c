import { firstLine } from './connection-errors.ts';

/** One error line: the text, and its parts for a structured log. */
export interface ErrorLine {
  source: string;
  message: string;
  /** Errors of its kind not printed since it last was. */
  repeats: number;
}

/** Distinct kinds of error remembered at most: beyond, the oldest are forgotten. */
const REMEMBERED = 500;

/**
 * Error lines for a long-running process, bounded: each kind of error (its message with the
 * numbers in it ignored, so job ids and ports do not make every line new) is printed once per
 * window, with how many more like it came since it was last printed. A failing dependency
 * retried every second fills no log, and no stack trace is ever printed.
 */
export class ErrorLog {
  private readonly seen = new Map<string, { at: number; repeats: number }>();

  constructor(
    private readonly write: (line: string, entry: ErrorLine) => void,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `source` names the part of the process, e.g. `sleepwatch worker`. */
  report(source: string, err: unknown): void {
    const message = firstLine(err instanceof Error ? err.message : String(err));
    const line = `${source}: ${message}`;
    const kind = line.replace(/\d+/g, '#');
    const now = this.now();
    const last = this.seen.get(kind);
    if (last && now - last.at < this.windowMs) {
      last.repeats++;
      return;
    }
    this.seen.delete(kind);
    if (this.seen.size >= REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(kind, { at: now, repeats: 0 });
    const repeats = last?.repeats ?? 0;
    this.write(repeats ? `${line} (and ${repeats} more like it since)\n` : `${line}\n`, { source, message, repeats });
  }
}
