import { Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';
import { DAY_MS } from '../domain/durations.ts';

/** Enough UTC days for years of posts; cleared wholesale beyond it, since a miss is only slower. */
const MAX_CACHED_DAYS = 4096;

/**
 * An IANA zone that remembers its UTC offset per UTC day. Luxon asks a zone for offsets
 * several times per operation and each answer costs an `Intl` call (~12 µs), which made
 * parsing one relative date ~100 µs; dates run for every post of every page.
 *
 * A day is cached only when its first and last millisecond have the same offset, so days
 * with a DST change always ask the real zone. This assumes no zone changes offset twice
 * within one UTC day, which tzdata has not done in modern times.
 */
export class CachedZone extends Zone {
  readonly #inner: Zone;
  readonly #offsetByDay = new Map<number, number>();

  constructor(inner: Zone) {
    super();
    if (!inner.isValid) throw new RangeError(`invalid time zone: ${inner.name}`);
    this.#inner = inner;
  }

  /** Reported as "iana" so luxon formats with the real zone name. */
  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.#inner.name;
  }

  get ianaName(): string {
    return this.#inner.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): true {
    return true;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string {
    return this.#inner.offsetName(ts, options) ?? '';
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.#inner.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    if (!Number.isFinite(ts)) return Number.NaN;
    const day = Math.floor(ts / DAY_MS);
    const cached = this.#offsetByDay.get(day);
    if (cached !== undefined) return cached;
    const first = this.#inner.offset(day * DAY_MS);
    const last = this.#inner.offset(day * DAY_MS + DAY_MS - 1);
    if (first !== last) return this.#inner.offset(ts);
    if (this.#offsetByDay.size >= MAX_CACHED_DAYS) this.#offsetByDay.clear();
    this.#offsetByDay.set(day, first);
    return first;
  }

  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }
}
