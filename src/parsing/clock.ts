import type { Precision } from '../domain/observation.ts';
import { to24Hour } from './date-reading.ts';

/**
 * A time of day as pages print it: "14:22", "14:22:05.123", or the Chinese "9时30分",
 * "8点0分", "3点25分15秒", "2点半", "2点". Colon and Chinese forms fill different groups
 * (one regex cannot name a group twice), and `readClock` merges them.
 */
export const CLOCK = [
  String.raw`(?:(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,](?<fraction>\d+))?)?`,
  String.raw`|(?<zhHour>\d{1,2})\s*(?:点钟?|时)\s*(?:(?<zhHalf>半)|(?<zhMinute>\d{1,2})\s*分(?:钟)?(?:\s*(?<zhSecond>\d{1,2})\s*秒)?)?)`,
].join('');

/** An English hour with no minutes, only before "am"/"pm": "3 PM", "11am". */
export const BARE_ENGLISH_HOUR = String.raw`(?<enHour>\d{1,2})(?=\s*[ap]\.?m\b)`;

/** Day-part words, longest first so "晚上" wins over "晚". */
export const CHINESE_MERIDIEM = '上午|下午|中午|晚上|晚间|傍晚|凌晨|早上|早晨|清晨|早|晚';

export interface ClockTime {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** the finest unit the text stated: "2点" is an hour, "2点半" a minute */
  precision: Precision;
}

type Parts = Partial<Record<string, string>>;

/** The clock time a match names, in 24-hour form; null when it names no real time ("25:00", "下午13点"). */
export function readClock(parts: Parts): ClockTime | null {
  const hourText = parts.hour ?? parts.zhHour ?? parts.enHour;
  if (hourText === undefined) return null;
  const minuteText = parts.minute ?? parts.zhMinute ?? (parts.zhHalf === undefined ? undefined : '30');
  const secondText = parts.second ?? parts.zhSecond;
  const hour = to24Hour(Number(hourText), parts.ampm, parts.cnmer);
  const minute = Number(minuteText ?? 0);
  const second = Number(secondText ?? 0);
  if (hour === null || hour > 23 || minute > 59 || second > 59) return null;
  return {
    hour,
    minute,
    second,
    millisecond: parts.fraction === undefined ? 0 : Number(parts.fraction.slice(0, 3).padEnd(3, '0')),
    precision: secondText !== undefined ? 'second' : minuteText !== undefined ? 'minute' : 'hour',
  };
}
