import { readAbsoluteDate } from './absolute-date.ts';
import { type DateReading, zoneNamed } from './date-reading.ts';
import { normalizeNumerals } from './normalize.ts';
import { readCompactAge, readRelativeDate } from './relative-date.ts';
import { foldTraditional } from './traditional.ts';

export type { DateReading } from './date-reading.ts';

export interface ParseDateOptions {
  /** The moment the page was read; relative and year-less dates count back from it. */
  now: Date;
  /** IANA zone for dates that state no offset, e.g. "Asia/Shanghai". The process zone is never used. */
  timeZone: string;
  /**
   * The text is a post's age as a timeline prints it beside the post ("16h", "2 wks", "1 yr",
   * "5m" = five minutes). Off by default: elsewhere "5m" is as likely a count or a length.
   */
  compactAges?: boolean;
}

/** Labels pages put before a date: "发布于 2天前", "Posted on June 5, 2019", "Streamed 3 days ago". */
const LEADING_LABEL =
  /^(?:(?:发布|发表|编辑|更新|修改|创建|投稿)(?:于|时间)|(?:posted|published|updated|edited|created|premiered|streamed(?: live)?)(?: on)?)\s*[:：]?\s*/i;

/** Verbs pages put after a date: "3小时前发布". */
const TRAILING_LABEL = /\s*(?:发布|发表|更新|编辑|投稿)$/;

const SPACES = /\s+/g;

/**
 * Weekday names Chinese pages add to a date ("2019年6月5日 星期三", "(周三)"): beside a date they
 * say nothing more. Alone, or with only a time ("周五下午3点"), they are the date, read as such.
 */
const CHINESE_WEEKDAY = /[(（]?(?:星期|礼拜|周)[一二三四五六日天][)）]?/g;

/**
 * Reads a post time off display text: ISO 8601, RFC 822/2822, Weibo's API format, epoch
 * seconds or milliseconds, Chinese and English calendar dates, and relative forms such as
 * "3小时前", "昨天 14:22" or "10 days ago"; clock times written with 点/时/分/秒 and day-part
 * words (下午3点25分, 凌晨2点); traditional characters (3小時前, 剛剛); and, when
 * `opts.compactAges` says the text is a post's age, "16h" or "2 wks".
 *
 * Text without a stated offset is read in `opts.timeZone`; year-less dates take the latest
 * such date not after `opts.now`. Returns null when the text is not a date this parser
 * knows, or names an impossible one (2019-02-30): it never guesses.
 *
 * @throws RangeError when `opts.timeZone` is not a known IANA zone or `opts.now` is an invalid Date.
 */
export function parseDate(text: string, opts: ParseDateOptions): DateReading | null {
  if (Number.isNaN(opts.now.getTime())) throw new RangeError('parseDate needs a valid `now`');
  const ctx = { now: opts.now, zone: zoneNamed(opts.timeZone) };
  const clean = foldTraditional(normalizeNumerals(text)).replace(SPACES, ' ').trim().replace(LEADING_LABEL, '').replace(TRAILING_LABEL, '');
  if (clean === '') return null;
  if (opts.compactAges === true) {
    const age = readCompactAge(clean, ctx);
    if (age) return age;
  }
  const withoutWeekday = clean.replace(CHINESE_WEEKDAY, ' ').replace(SPACES, ' ').trim();
  return (
    readAbsoluteDate(withoutWeekday, ctx) ??
    readRelativeDate(clean, ctx) ??
    (withoutWeekday === clean ? null : readRelativeDate(withoutWeekday, ctx))
  );
}
