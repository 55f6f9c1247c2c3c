import { DateTime } from 'luxon';
import type { Precision } from '../domain/observation.ts';

const UNIT_MS: Partial<Record<Precision, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  // Week precision only arises from "N weeks ago" (the platform floors elapsed time), so
  // its latest instant is the end of the nominal day, not the end of a calendar week.
  week: 86_400_000,
};

const OFFSET = /(?:([+-])(\d{2}):?(\d{2})|Z)$/;

/**
 * The latest instant a time of the given precision can stand for: "2025-07-10" (day) means
 * up to 23:59:59.999 that day in the offset it was read in. Judging silence from this instant
 * means a vague date never makes an account look quieter than it is.
 *
 * Month and year precision come from calendar text ("2019年6月", which starts its unit) or
 * from relative text ("3个月前", which lands mid-unit and counts to the end of that day).
 */
export function latestInstant(iso: string, precision: Precision): Date {
  const unit = UNIT_MS[precision];
  const ms = Date.parse(iso);
  const offset = OFFSET.exec(iso);
  if (unit !== undefined && offset && !Number.isNaN(ms)) {
    // Within one fixed offset every unit up to a day has a constant length, so plain
    // arithmetic on local milliseconds is exact (and this runs for every post on every page).
    const offsetMs = offset[1] ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
    const local = ms + offsetMs;
    return new Date(local - mod(local, unit) + unit - 1 - offsetMs);
  }
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not an ISO 8601 time: ${iso}`);
  // "June 2019" starts on the 1st and stands for the whole month; "3 months ago" lands on an
  // arbitrary day and stands for that day (the platform floors elapsed time), never more.
  const startsUnit = dt.startOf(precision === 'week' ? 'day' : precision).toMillis() === dt.toMillis();
  return dt.endOf(startsUnit && precision !== 'week' ? precision : 'day').toJSDate();
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
