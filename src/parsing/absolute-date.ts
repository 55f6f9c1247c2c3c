import { DateTime, type Zone } from 'luxon';
import type { Precision } from '../domain/observation.ts';
import { BARE_ENGLISH_HOUR, CHINESE_MERIDIEM, CLOCK, readClock } from './clock.ts';
import { type DateContext, type DateReading, fixedOffset, nowIn, toReading } from './date-reading.ts';

/*
 * Every pattern names its parts the same way, so one builder turns any match into a time:
 * year, month (number) or mon (English name), day, the clock's groups (see clock.ts),
 * ampm ("a"/"p"), cnmer (上午/下午…), zone. Patterns are anchored: a partial match is no date.
 */
const WEEKDAY = [
  '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?',
  '|fri(?:day)?|sat(?:urday)?|sun(?:day)?)',
  String.raw`\.?`,
].join('');
const MONTH_NAME = [
  '(?<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?',
  '|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)',
  String.raw`\.?`,
].join('');
/** "GMT+8", "UTC+08:00": informal offsets feeds and JavaScript's Date#toString write. */
const GMT_OFFSET = String.raw`(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?`;
const NUMERIC_ZONE = String.raw`Z|${GMT_OFFSET}|[+-]\d{2}(?::?\d{2})?`;
/**
 * Zone names, accepted only in English-shaped text. RFC 822 defines "CST" as US Central, and
 * feeds follow it, so it is read so there; Java's Date#toString also writes "CST" for China
 * ("Tue Jun 04 10:13:27 CST 2019"), where it is ambiguous and stays unread. Names that
 * several zones share (IST, BST) are not read at all.
 */
const NAMED_ZONE = String.raw`${GMT_OFFSET}|UT|[ECMP][SD]T|AK[SD]T|HST|HKT|JST|KST|SGT|CES?T|EES?T|Z|[+-]\d{2}:?\d{2}`;
const ENGLISH_TIME = [
  String.raw`(?:${CLOCK}|${BARE_ENGLISH_HOUR})(?:\s*(?<ampm>[ap])\.?m\.?)?`,
  String.raw`(?:\s*(?<zone>${NAMED_ZONE})(?:\s*\([^)]*\))?)?`,
].join('');
const ENGLISH_TIME_TAIL = String.raw`(?:(?:,\s*|\s+)(?:at\s+)?${ENGLISH_TIME})?`;
/** "Tue, 04 Jun", "Tue,04 Jun" (seen in real feeds), "Tuesday June 4" */
const WEEKDAY_LEAD = String.raw`(?:${WEEKDAY}(?:,\s*|\s+))?`;

const anchored = (source: string) => new RegExp(`^${source}$`, 'i');

const PATTERNS: readonly RegExp[] = [
  // ISO 8601 and its relatives: "2019-06-05", "2019-06-05 14:30", "2019/06/05", "…T14:30:00.123+08:00"
  anchored(String.raw`(?<year>\d{4})([-/.])(?<month>\d{1,2})\2(?<day>\d{1,2})(?:(?:T|\s+)${CLOCK}(?:\s*(?<zone>${NUMERIC_ZONE}))?)?`),
  anchored(String.raw`(?<year>\d{4})[-/](?<month>\d{1,2})`),
  // "2019年6月5日", "2024年08月20日 19:17", "6月5日 下午2:30", "04月26日", "2016年06月30日09时30分"
  anchored(
    String.raw`(?:(?<year>\d{4})\s*年\s*)?(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*[日号]` +
      String.raw`(?:\s*(?<cnmer>${CHINESE_MERIDIEM})?\s*(?:${CLOCK})?)?`,
  ),
  anchored(String.raw`(?<year>\d{4})\s*年(?:\s*(?<month>\d{1,2})\s*月)?`),
  // Year-less numeric, as Weibo shows this year's posts: "06-14", "06-14 20:38"
  anchored(String.raw`(?<month>\d{1,2})-(?<day>\d{1,2})(?:\s+${CLOCK})?`),
  // Day first, including RFC 822/2822: "5 Jun 2019", "Fri, 21 Nov 2025 00:00:00 +0000", "Thu, 14 Jan 2021 09:09 EST"
  anchored(
    String.raw`${WEEKDAY_LEAD}(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_NAME},?(?:\s+(?<year>\d{4}))?${ENGLISH_TIME_TAIL}`,
  ),
  // Month first: "June 5, 2019", "Jun 5", "Tue Jun 04 2019 10:13:27 GMT+0800 (China Standard Time)"
  anchored(String.raw`${WEEKDAY_LEAD}${MONTH_NAME}\s+(?<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?<year>\d{4}))?${ENGLISH_TIME_TAIL}`),
  // Weibo and C's ctime put the year last: "Tue Jun 04 10:13:27 +0800 2019"
  anchored(String.raw`${WEEKDAY}\s+${MONTH_NAME}\s+(?<day>\d{1,2})\s+${CLOCK}(?:\s+(?<zone>${NUMERIC_ZONE}))?\s+(?<year>\d{4})`),
  anchored(String.raw`${MONTH_NAME},?\s+(?<year>\d{4})`),
];

const EPOCH = /^(?:\d{10}|\d{13})$/;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const NAMED_OFFSETS: Readonly<Record<string, number>> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  hkt: 480,
  sgt: 480,
  jst: 540,
  kst: 540,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
};

/** How far back a year-less "02-29" may look for a leap year. */
const YEARLESS_LOOKBACK = 8;

type Parts = Partial<Record<string, string>>;

/** Reads a date the text states outright, or returns null. */
export function readAbsoluteDate(text: string, ctx: DateContext): DateReading | null {
  if (EPOCH.test(text)) {
    const millis = text.length === 10 ? Number(text) * 1000 : Number(text);
    return toReading(DateTime.fromMillis(millis, { zone: ctx.zone }), 'second');
  }
  for (const pattern of PATTERNS) {
    const groups = pattern.exec(text)?.groups;
    if (groups) return fromParts(groups, ctx);
  }
  return null;
}

function fromParts(parts: Parts, ctx: DateContext): DateReading | null {
  const month = parts.month !== undefined ? Number(parts.month) : monthNumber(parts.mon);
  const hasClock = parts.hour !== undefined || parts.zhHour !== undefined || parts.enHour !== undefined;
  const clock = hasClock ? readClock(parts) : null;
  const zone = parts.zone === undefined ? ctx.zone : offsetZone(parts.zone);
  // Luxon takes ISO's "24:00" as next midnight; pages never mean that, so it is no date.
  if ((hasClock && clock === null) || zone === null) return null;

  const precision = clock?.precision ?? dayPrecisionOf(parts);
  const fields = {
    month: month ?? 1,
    day: parts.day === undefined ? 1 : Number(parts.day),
    hour: clock?.hour ?? 0,
    minute: clock?.minute ?? 0,
    second: clock?.second ?? 0,
    millisecond: clock?.millisecond ?? 0,
  };
  if (parts.year !== undefined) {
    const time = DateTime.fromObject({ year: Number(parts.year), ...fields }, { zone });
    return time.isValid ? toReading(time, precision) : null;
  }
  return latestNotAfterNow(fields, zone, precision, ctx);
}

/**
 * A date shown without its year is the most recent one that is not in the future: feeds
 * drop the year for this year's posts, so on 3 January "12-30" means last December.
 */
function latestNotAfterNow(
  fields: Record<'month' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond', number>,
  zone: Zone,
  precision: Precision,
  ctx: DateContext,
): DateReading | null {
  const now = nowIn(ctx, zone);
  for (let year = now.year; year >= now.year - YEARLESS_LOOKBACK; year--) {
    const time = DateTime.fromObject({ year, ...fields }, { zone });
    if (time.isValid && time <= now) return toReading(time, precision);
    // Only 29 February can be missing from some years; any other invalid date is invalid in all.
    if (!time.isValid && !(fields.month === 2 && fields.day === 29)) return null;
  }
  return null;
}

/** The precision of a date stated without a time of day. */
function dayPrecisionOf(parts: Parts): Precision {
  if (parts.day !== undefined) return 'day';
  return parts.month !== undefined || parts.mon !== undefined ? 'month' : 'year';
}

function monthNumber(name: string | undefined): number | undefined {
  return name === undefined ? undefined : MONTHS[name.slice(0, 3).toLowerCase()];
}

/** "+0800", "+08:00", "+08", "GMT+8", "EST", "Z" → a fixed zone; null for offsets no place uses. */
function offsetZone(text: string): Zone | null {
  const named = NAMED_OFFSETS[text.toLowerCase()];
  if (named !== undefined) return fixedOffset(named);
  const match = /([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return fixedOffset((match[1] === '-' ? -1 : 1) * (hours * 60 + minutes));
}
