import { DateTime } from 'luxon';

/**
 * The same instant written in `timeZone`'s offset, so that its date and clock are the ones
 * there: "2025-10-05T18:54:00+00:00" in Asia/Shanghai is "2025-10-06T02:54:00+08:00". Text that
 * is no ISO time, or already in that offset, comes back as it was.
 */
export function isoInZone(iso: string, timeZone: string): string {
  const time = DateTime.fromISO(iso, { setZone: true });
  if (!time.isValid) return iso;
  const shifted = time.setZone(timeZone);
  if (!shifted.isValid || shifted.offset === time.offset) return iso;
  return shifted.toISO({ suppressMilliseconds: true }) ?? iso;
}
