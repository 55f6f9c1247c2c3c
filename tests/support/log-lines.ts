/** A line of a long-running command's JSON log. */
export interface LogRecord {
  level: string;
  time: string;
  role: string;
  msg: string;
  event?: string;
  [field: string]: unknown;
}

/** Each line of `text` parsed; throws, quoting the line, when one is not a JSON log record. */
export function logRecords(text: string): LogRecord[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
      const r = record as Partial<LogRecord>;
      if (typeof r !== 'object' || r === null || typeof r.level !== 'string' || typeof r.msg !== 'string' || typeof r.time !== 'string') {
        throw new Error(`not a log record: ${line}`);
      }
      return r as LogRecord;
    });
}

/**
 * The log as an operator would read it: each JSON record at `minLevel` or above as its message
 * on a line of its own; other lines (and a line cut short, at the end of what was read so far) as they are.
 */
export function logMessages(text: string, minLevel: 'info' | 'warn' = 'info'): string {
  const ranks: Record<string, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };
  return text
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => {
      const record = parsed(line);
      if (!record) return [`${line}\n`];
      return (ranks[record.level] ?? 5) >= ranks[minLevel]! ? [`${record.msg}\n`] : [];
    })
    .join('');
}

function parsed(line: string): LogRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const record = JSON.parse(line) as Partial<LogRecord>;
    return typeof record.msg === 'string' && typeof record.level === 'string' ? (record as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}
