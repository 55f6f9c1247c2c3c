import type { Precision } from '../../domain/observation.ts';
import { parseDate } from '../../parsing/date.ts';

export interface PostTime {
  at: string;
  precision: Precision;
}

/**
 * A time Bilibili gives in Unix seconds (`created`, `pub_ts`), as a number or a numeric string,
 * written in the account's zone. Null for anything else, including 0, which the API uses for
 * "no time".
 */
export function readUnixTime(value: unknown, now: Date, timeZone: string): PostTime | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9]\d{8,10}$/.test(text)) return null;
  const parsed = parseDate(text, { now, timeZone });
  return parsed ? { at: parsed.iso, precision: parsed.precision } : null;
}
