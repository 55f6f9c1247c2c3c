import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import type { Precision } from '../domain/observation.ts';
import { CachedZone } from './cached-zone.ts';

/** A point in time read off display text, with how much of it the text actually stated. */
export interface DateReading {
  /** The start of the span the text names ("2019-06-05" → 00:00 that day in its zone). */
  date: Date;
  precision: Precision;
  /**
   * the same instant as ISO 8601 with an offset: the source's own offset when the text states one,
   * else the offset of opts.timeZone at that instant. e.g. "2025-11-28T08:14:06+08:00"
   */
  iso: string;
}

/** What the date parsers need besides the text: the moment of reading and the account's zone. */
export interface DateContext {
  now: Date;
  /** Zone for times that state no offset; always explicit, never the process's own. */
  zone: Zone;
}

const zones = new Map<string, Zone>();

/**
 * The IANA zone of that name, kept per name so its offset cache lives across calls. An unknown
 * name is a configuration error, so it throws rather than reading every date as "unparseable".
 */
export function zoneNamed(name: string): Zone {
  let zone = zones.get(name);
  if (!zone) {
    const iana = IANAZone.create(name);
    if (!iana.isValid) throw new RangeError(`unknown IANA time zone: ${name}`);
    zone = new CachedZone(iana);
    zones.set(name, zone);
  }
  return zone;
}

/** A zone for an offset the text states ("+0800", "EST"); minutes east of UTC. */
export function fixedOffset(minutes: number): Zone {
  return FixedOffsetZone.instance(minutes);
}

/** "now" as a luxon time in the context zone, for arithmetic in local calendar days. */
export function nowIn(ctx: DateContext, zone: Zone = ctx.zone): DateTime {
  return DateTime.fromJSDate(ctx.now, { zone });
}

/**
 * Packs a valid luxon time into a reading. The ISO string always spells the offset as
 * ±HH:MM (luxon writes a zero fixed offset as "Z"), so every stored time looks alike.
 */
export function toReading(time: DateTime, precision: Precision): DateReading {
  const iso = time.toISO({ suppressMilliseconds: true }) ?? '';
  return {
    date: time.toJSDate(),
    precision,
    iso: iso.endsWith('Z') ? `${iso.slice(0, -1)}+00:00` : iso,
  };
}

/** Markers after which a 12-hour clock means the afternoon. */
const AFTERNOON = new Set(['下午', '傍晚']);
/** Evening markers: "晚上8点" is 20:00, but "晚上12点" or "晚上1点" may belong to either day, so they stay unread. */
const EVENING = new Set(['晚上', '晚间', '晚']);
/** Small-hours markers: "凌晨2点" is 02:00 and "凌晨12点" midnight; "凌晨9点" is no real phrase. */
const SMALL_HOURS = '凌晨';

/**
 * A clock hour in 24-hour form, or null when the hour cannot carry the marker: "12:30 AM" is
 * 00:30; 下午/傍晚 move afternoon hours; 晚上 moves 5–11 o'clock; 中午 moves only 1–10
 * o'clock ("中午12:30" stays); 凌晨 takes only 0–6 and 12.
 */
export function to24Hour(hour: number, ampm: string | undefined, cnmer: string | undefined): number | null {
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    return (hour % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0);
  }
  if (cnmer === undefined) return hour;
  if (AFTERNOON.has(cnmer)) return hour < 12 ? hour + 12 : hour;
  if (EVENING.has(cnmer)) return hour >= 5 && hour <= 11 ? hour + 12 : hour >= 17 && hour <= 23 ? hour : null;
  if (cnmer === '中午') return hour < 11 ? hour + 12 : hour;
  if (cnmer === SMALL_HOURS) return hour === 12 ? 0 : hour <= 6 ? hour : null;
  return hour === 12 ? 0 : hour;
}
