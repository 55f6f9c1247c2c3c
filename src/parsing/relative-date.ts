import { PRECISIONS, type Precision } from '../domain/observation.ts';
import { BARE_ENGLISH_HOUR, CHINESE_MERIDIEM, CLOCK, readClock } from './clock.ts';
import { chineseNumber, digitsOrChinese } from './chinese-number.ts';
import { type DateContext, type DateReading, nowIn, toReading } from './date-reading.ts';

/** "刚刚", "just now": the page only says "within the last minute or so". */
const JUST_NOW =
  /^(?:刚刚|刚才|现在|而家|几秒(?:钟)?前|just now|right now|now|a moment ago|moments ago|(?:a )?few seconds ago|seconds ago|less than a minute ago)$/i;

/** "3小时前", "1个月前", "两天前", "半小时前", "5分前" */
const CHINESE_AGO =
  /^(?<count>\d+|[一二两三四五六七八九十]+|半)\s*个?\s*(?<unit>秒钟?|分钟?|小时|钟头|天|日|周|星期|礼拜|月|年)\s*(?:之)?前$/;

const ENGLISH_UNIT = '(?<unit>seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|y)';

/**
 * Words that round the amount: "about an hour ago" (moment.js, date-fns), "over 2 years ago",
 * "almost 3 weeks ago". The stated amount is read at the unit's precision, as the plain form is.
 */
const HEDGE = String.raw`(?:(?:about|around|approximately|approx\.|roughly|nearly|almost|over|more than|~)\s*)?`;

/** "5 minutes ago", "an hour ago", "3mo ago", "2d ago", "about an hour ago" */
const ENGLISH_AGO = new RegExp(String.raw`^${HEDGE}(?<count>\d+|an?|one)\s*${ENGLISH_UNIT}\.?\s+ago$`, 'i');

/** One part of a compound age: "2 hours", "1 year,", "3 days and" */
const ENGLISH_PART = new RegExp(String.raw`(?<count>\d+|an?|one)\s*${ENGLISH_UNIT}\.?(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+|$)`, 'iy');
/** One part of a compound Chinese age: "3小时", "1年零", "2个月" */
const CHINESE_PART =
  /(?<count>\d+|[一二两三四五六七八九十]+)\s*个?\s*(?<unit>秒钟?|分钟?|小时|钟头|天|日|周|星期|礼拜|月|年)\s*(?:零\s*)?/y;
const ENGLISH_COMPOUND = new RegExp(String.raw`^${HEDGE}(?<body>.+?)\s+ago$`, 'i');
const CHINESE_COMPOUND = /^(?<body>.+?)\s*(?:之)?前$/;

/** A post's age as feeds and timelines print it beside the post: "16h", "2 wks", "1 yr", "5m". */
const COMPACT_AGE = new RegExp(String.raw`^(?<count>\d+)\s*${ENGLISH_UNIT}\.?$`, 'i');

/** The optional time after a day name: "14:22", "下午3点25分", "at 2:30 PM", "晚上". */
const TIME_OF_DAY = String.raw`(?<cnmer>${CHINESE_MERIDIEM})?\s*(?:${CLOCK}|${BARE_ENGLISH_HOUR})?(?:\s*(?<ampm>[ap])\.?m\.?)?`;

/** "昨天 14:22", "今天8点0分", "昨日", "今晚8点", "前天", "yesterday", "Yesterday at 2:30 PM"; 琴日 and 寻日 are Cantonese */
const NAMED_DAY = new RegExp(
  String.raw`^(?<day>大前天|今天|今日|今晚|今早|今朝|昨天|昨日|昨晚|琴日|寻日|前天|前日|today|yesterday)(?:,?\s*(?:at\s+)?${TIME_OF_DAY})?$`,
  'i',
);

/**
 * A weekday name, optionally with a time: "周五下午3点", "星期一 15:00", "Monday 3pm", "Thu 10:00".
 * Timelines print it for posts of the past week (today's show a time, yesterday's 昨天), so it is
 * the latest such day before today.
 */
const ENGLISH_WEEKDAY = String.raw`(?<enDay>mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday|s|r|rs)?\.?`;
const WEEKDAY_NAME = String.raw`(?:(?:星期|礼拜|周)(?<zhDay>[一二三四五六日天])|${ENGLISH_WEEKDAY})`;
const WEEKDAY = new RegExp(String.raw`^${WEEKDAY_NAME}(?:,?\s*(?:at\s+)?${TIME_OF_DAY})?$`, 'i');

/** Luxon weekday numbers, Monday 1 to Sunday 7. */
const WEEKDAY_NUMBERS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};

/**
 * "几分钟前", "数小时前", "a few minutes ago": some of a unit under a day. Read as three of it, at
 * the next coarser precision, which that is true to ("几分钟前" is this hour, give or take); "几天前"
 * (two days or nine) stays unread.
 */
const FEW_AGO = /^(?:(?:几|数)\s*个?\s*(?<zhUnit>秒钟?|分钟?|小时|钟头)\s*(?:之)?前|(?:a )?few (?<enUnit>minutes|hours) ago)$/i;
const FEW = 3;

/** A time with no day: "下午3点25分", "凌晨2点", "3点", "3:15 PM". A bare "14:22" stays unread (it may be a duration). */
const BARE_TIME = new RegExp(String.raw`^${TIME_OF_DAY}$`, 'i');

const CHINESE_UNITS: Readonly<Record<string, Precision>> = {
  秒: 'second',
  秒钟: 'second',
  分: 'minute',
  分钟: 'minute',
  小时: 'hour',
  钟头: 'hour',
  天: 'day',
  日: 'day',
  周: 'week',
  星期: 'week',
  礼拜: 'week',
  月: 'month',
  年: 'year',
};

const ENGLISH_UNITS: Readonly<Record<string, Precision>> = {
  s: 'second',
  sec: 'second',
  second: 'second',
  m: 'minute',
  min: 'minute',
  minute: 'minute',
  h: 'hour',
  hr: 'hour',
  hour: 'hour',
  d: 'day',
  day: 'day',
  w: 'week',
  wk: 'week',
  week: 'week',
  mo: 'month',
  month: 'month',
  y: 'year',
  yr: 'year',
  year: 'year',
};

/** "半" of a unit, said in the next smaller unit so the arithmetic stays whole. */
const HALVES: Partial<Record<Precision, { amount: number; unit: Precision }>> = {
  minute: { amount: 30, unit: 'second' },
  hour: { amount: 30, unit: 'minute' },
  year: { amount: 6, unit: 'month' },
};

const DAYS_BACK: Readonly<Record<string, number>> = {
  今天: 0,
  今日: 0,
  today: 0,
  昨天: 1,
  昨日: 1,
  yesterday: 1,
  前天: 2,
  前日: 2,
  大前天: 3,
  今晚: 0,
  今早: 0,
  今朝: 0,
  昨晚: 1,
  琴日: 1,
  寻日: 1,
};

/** Day words that carry their part of the day: "今晚8点" is 20:00, "今朝8点" 08:00. */
const IMPLIED_MERIDIEM: Readonly<Record<string, string>> = { 今晚: '晚上', 昨晚: '晚上', 今早: '早上', 今朝: '早上' };

/** "half an hour ago", 30 minutes back as "半小时前" is. */
const HALF_HOUR_AGO = new RegExp(String.raw`^${HEDGE}half an? hour ago$`, 'i');

/**
 * Reads a time stated relative to `ctx.now`. Units below a day keep the exact instant
 * (now − N); a day or longer starts at midnight of that day in the context zone, and the
 * precision is the unit the page used.
 */
export function readRelativeDate(text: string, ctx: DateContext): DateReading | null {
  if (JUST_NOW.test(text)) return toReading(nowIn(ctx), 'minute');
  if (HALF_HOUR_AGO.test(text)) return ago(30, 'minute', ctx);
  const simple = CHINESE_AGO.exec(text)?.groups ?? ENGLISH_AGO.exec(text)?.groups;
  if (simple) return readAgo(simple.count ?? '', simple.unit ?? '', ctx);
  const compound = readCompoundAgo(text, ctx);
  if (compound) return compound;
  const few = FEW_AGO.exec(text)?.groups;
  if (few) return readFewAgo(few.zhUnit ?? few.enUnit ?? '', ctx);
  const named = NAMED_DAY.exec(text)?.groups;
  if (named) return readNamedDay(named, ctx);
  const weekday = WEEKDAY.exec(text)?.groups;
  if (weekday) return readWeekday(weekday, ctx);
  const bare = BARE_TIME.exec(text)?.groups;
  if (bare) return readBareTime(bare, ctx);
  return null;
}

/** Reads a compact post age ("16h", "2 wks", "5m" = five minutes), for fields known to hold one. */
export function readCompactAge(text: string, ctx: DateContext): DateReading | null {
  const age = COMPACT_AGE.exec(text)?.groups;
  return age ? readAgo(age.count ?? '', age.unit ?? '', ctx) : null;
}

function readAgo(countText: string, unitText: string, ctx: DateContext): DateReading | null {
  const unit = CHINESE_UNITS[unitText] ?? ENGLISH_UNITS[singular(unitText.toLowerCase())];
  if (!unit) return null;
  if (countText === '半') {
    const half = HALVES[unit];
    return half ? ago(half.amount, half.unit, ctx) : null;
  }
  const count = /^\d+$/.test(countText) ? Number(countText) : /^(?:an?|one)$/i.test(countText) ? 1 : chineseNumber(countText);
  return count === null ? null : ago(count, unit, ctx);
}

function readFewAgo(unitText: string, ctx: DateContext): DateReading | null {
  const reading = readAgo(String(FEW), unitText, ctx);
  const coarser = reading && PRECISIONS[PRECISIONS.indexOf(reading.precision) + 1];
  return reading && coarser ? { ...reading, precision: coarser } : null;
}

/**
 * An age in several units, each finer than the one before: "1 year, 2 months ago",
 * "2 hours 30 minutes ago", "3小时20分钟前", "1年零3个月前". Precision is the finest unit.
 */
function readCompoundAgo(text: string, ctx: DateContext): DateReading | null {
  const english = ENGLISH_COMPOUND.exec(text)?.groups?.body;
  const body = english ?? CHINESE_COMPOUND.exec(text)?.groups?.body;
  if (body === undefined) return null;
  const part = english === undefined ? CHINESE_PART : ENGLISH_PART;
  part.lastIndex = 0;
  const amounts: Partial<Record<Precision, number>> = {};
  let finest: Precision | undefined;
  let parts = 0;
  while (part.lastIndex < body.length) {
    const groups = part.exec(body)?.groups;
    if (!groups) return null;
    const unitText = groups.unit ?? '';
    const unit = CHINESE_UNITS[unitText] ?? ENGLISH_UNITS[singular(unitText.toLowerCase())];
    const count = /^(?:an?|one)$/i.test(groups.count ?? '') ? 1 : digitsOrChinese(groups.count ?? '');
    // Each unit must be finer than the last: "2 minutes 1 hour ago" is no age a page prints.
    if (!unit || count === null || (finest !== undefined && PRECISIONS.indexOf(unit) >= PRECISIONS.indexOf(finest))) return null;
    amounts[unit] = count;
    finest = unit;
    parts++;
  }
  if (finest === undefined || parts < 2) return null;
  const then = nowIn(ctx).minus(amounts);
  return toReading(isDayOrLonger(finest) ? then.startOf('day') : then, finest);
}

function isDayOrLonger(unit: Precision): boolean {
  return unit === 'day' || unit === 'week' || unit === 'month' || unit === 'year';
}

function ago(count: number, unit: Precision, ctx: DateContext): DateReading {
  const then = nowIn(ctx).minus({ [unit]: count });
  return toReading(isDayOrLonger(unit) ? then.startOf('day') : then, unit);
}

function readNamedDay(parts: Partial<Record<string, string>>, ctx: DateContext): DateReading | null {
  const daysBack = DAYS_BACK[(parts.day ?? '').toLowerCase()];
  if (daysBack === undefined) return null;
  return atDaysBack(daysBack, { ...parts, cnmer: parts.cnmer ?? IMPLIED_MERIDIEM[parts.day ?? ''] }, ctx);
}

function readWeekday(parts: Partial<Record<string, string>>, ctx: DateContext): DateReading | null {
  const weekday = WEEKDAY_NUMBERS[(parts.zhDay ?? parts.enDay ?? '').toLowerCase()];
  if (weekday === undefined) return null;
  const daysBack = (nowIn(ctx).weekday - weekday + 7) % 7 || 7;
  return atDaysBack(daysBack, parts, ctx);
}

/** The day `daysBack` days before today, at the clock time in `parts` if it names one. */
function atDaysBack(daysBack: number, parts: Partial<Record<string, string>>, ctx: DateContext): DateReading | null {
  const day = nowIn(ctx).minus({ days: daysBack }).startOf('day');
  if (!hasClock(parts)) return parts.ampm === undefined ? toReading(day, 'day') : null;
  const clock = readClock(parts);
  if (clock === null) return null;
  // Set the wall clock rather than adding hours, so a DST change that day cannot shift it.
  return toReading(day.set({ hour: clock.hour, minute: clock.minute, second: clock.second }), clock.precision);
}

/**
 * A time of day alone is the latest such time not after now, as a year-less date is: pages
 * print only the time for today's posts. It needs a sign that it is a clock time (点/时, a
 * day-part word, am/pm), since "14:22" alone is as often a video's length.
 */
function readBareTime(parts: Partial<Record<string, string>>, ctx: DateContext): DateReading | null {
  if (!hasClock(parts)) return null;
  if (parts.hour !== undefined && parts.cnmer === undefined && parts.ampm === undefined) return null;
  const clock = readClock(parts);
  if (clock === null) return null;
  const now = nowIn(ctx);
  const today = now.set({ hour: clock.hour, minute: clock.minute, second: clock.second, millisecond: 0 });
  const time =
    today <= now ? today : now.minus({ days: 1 }).set({ hour: clock.hour, minute: clock.minute, second: clock.second, millisecond: 0 });
  return toReading(time, clock.precision);
}

function hasClock(parts: Partial<Record<string, string>>): boolean {
  return parts.hour !== undefined || parts.zhHour !== undefined || parts.enHour !== undefined;
}

function singular(unit: string): string {
  return unit.length > 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit;
}
