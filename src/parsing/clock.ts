import type { Precision } from '../domain/observation.ts';
import { digitsOrChinese } from './chinese-number.ts';
import { to24Hour } from './date-reading.ts';

/**
 * A time of day as pages print it: "14:22", "14:22:05.123", or the Chinese "9时30分",
 * "8点0分", "15点30", "3点25分15秒", "2点半", "2点", "八点零五分". Colon and Chinese forms fill
 * different groups (one regex cannot name a group twice), and `readClock` merges them.
 */
const ZH_NUMBER = String.raw`(?:\d{1,2}|[零〇一二两三四五六七八九十]{1,3})`;
export const CLOCK = [
  String.raw`(?:(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,](?<fraction>\d+))?)?`,
  String.raw`|(?<zhHour>${ZH_NUMBER})\s*(?:点钟?|时)\s*`,
  String.raw`(?:(?<zhHalf>半)|(?<zhMinute>${ZH_NUMBER})(?:\s*分钟?(?:\s*(?<zhSecond>${ZH_NUMBER})\s*秒)?)?)?)`,
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
  const hourNumber = digitsOrChinese(hourText);
  const minute = digitsOrChinese(minuteText ?? '0');
  const second = digitsOrChinese(secondText ?? '0');
  const hour = hourNumber === null ? null : to24Hour(hourNumber, parts.ampm, parts.cnmer);
  if (hour === null || minute === null || second === null || hour > 23 || minute > 59 || second > 59) return null;
  return {
    hour,
    minute,
    second,
    millisecond: parts.fraction === undefined ? 0 : Number(parts.fraction.slice(0, 3).padEnd(3, '0')),
    precision: secondText !== undefined ? 'second' : minuteText !== undefined ? 'minute' : 'hour',
  };
}
