import { parseCount } from '../../parsing/count.ts';
import { isCount } from '../json-answer.ts';

/** A count as the API gives it: a number, or text such as "6335.7万" that may round it. */
export interface WeiboCount {
  value: number;
  approximate: boolean;
}

/**
 * Reads `followers_count` or `statuses_count`. Older answers give numbers; newer ones give
 * text, rounded to 万 or 亿 above ten thousand ("36.2万"). Null when the field is neither.
 */
export function readCount(value: unknown): WeiboCount | null {
  if (isCount(value)) return { value, approximate: false };
  if (typeof value !== 'string') return null;
  const reading = parseCount(value);
  return reading ? { value: reading.value, approximate: reading.approximate } : null;
}
