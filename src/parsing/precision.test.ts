import { describe, expect, it } from 'vitest';
import { latestInstant } from './precision.ts';

describe('latestInstant: the last moment a time of some precision can stand for', () => {
  // A calendar month or year ("2019年6月") starts its unit and lasts to its end; a relative
  // "3个月前" / "1 year ago" lands mid-unit and lasts only to the end of that day.
  it.each([
    ['2025-07-10T00:00:00+00:00', 'day', '2025-07-10T23:59:59.999Z'],
    ['2025-07-10T00:00:00+08:00', 'day', '2025-07-10T15:59:59.999Z'],
    ['2025-07-10T00:00:00-05:00', 'day', '2025-07-11T04:59:59.999Z'],
    ['2025-07-10T14:22:00+08:00', 'minute', '2025-07-10T06:22:59.999Z'],
    ['2025-07-10T14:00:00+05:45', 'hour', '2025-07-10T09:14:59.999Z'],
    ['2025-07-10T14:22:05.120+00:00', 'second', '2025-07-10T14:22:05.999Z'],
    ['2025-07-10T14:22:05Z', 'second', '2025-07-10T14:22:05.999Z'],
    ['2025-07-03T00:00:00+08:00', 'week', '2025-07-03T15:59:59.999Z'],
    ['2025-07-01T00:00:00+08:00', 'month', '2025-07-31T15:59:59.999Z'],
    ['2025-01-01T00:00:00+08:00', 'year', '2025-12-31T15:59:59.999Z'],
    ['1969-12-31T00:00:00+00:00', 'day', '1969-12-31T23:59:59.999Z'],
    ['2025-10-26T00:00:00+08:00', 'month', '2025-10-26T15:59:59.999Z'],
    ['2025-01-26T00:00:00+08:00', 'year', '2025-01-26T15:59:59.999Z'],
  ] as const)('%s at %s precision lasts until %s', (iso, precision, expected) => {
    expect(latestInstant(iso, precision).toISOString()).toBe(expected);
  });

  it('rejects text that is not ISO 8601', () => {
    expect(() => latestInstant('yesterday', 'month')).toThrow(RangeError);
  });
});
