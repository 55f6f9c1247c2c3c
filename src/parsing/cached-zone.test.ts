import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CachedZone } from './cached-zone.ts';

const HOUR_MS = 3_600_000;

describe('CachedZone', () => {
  // Zones with DST, a 30-minute DST (Lord Howe), a DST suspended for Ramadan (Casablanca) and none.
  it.each(['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Africa/Casablanca', 'Asia/Shanghai'])(
    'gives the same offset as the plain IANA zone every half hour through 2025 in %s',
    (name) => {
      const plain = IANAZone.create(name);
      const cached = new CachedZone(plain);
      const mismatches: string[] = [];
      const end = Date.parse('2026-01-01T00:00:00Z');
      for (let ts = Date.parse('2025-01-01T00:00:00Z'); ts < end; ts += HOUR_MS / 2) {
        if (cached.offset(ts) !== plain.offset(ts)) mismatches.push(new Date(ts).toISOString());
      }
      expect(mismatches).toEqual([]);
    },
  );

  it('gets the instant right a millisecond either side of a DST change', () => {
    const cached = new CachedZone(IANAZone.create('America/New_York'));
    const change = Date.parse('2025-03-09T07:00:00Z'); // 02:00 EST → 03:00 EDT
    cached.offset(change - HOUR_MS); // warm the cache for that day
    expect(cached.offset(change - 1)).toBe(-300);
    expect(cached.offset(change)).toBe(-240);
  });

  it('passes as the IANA zone it wraps', () => {
    const cached = new CachedZone(IANAZone.create('Asia/Shanghai'));
    expect(cached.type).toBe('iana');
    expect(cached.name).toBe('Asia/Shanghai');
    expect(cached.equals(IANAZone.create('Asia/Shanghai'))).toBe(true);
    expect(cached.equals(IANAZone.create('Asia/Tokyo'))).toBe(false);
  });

  it('refuses an invalid zone', () => {
    expect(() => new CachedZone(IANAZone.create('Mars/Olympus'))).toThrow(RangeError);
  });
});
