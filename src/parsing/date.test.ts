import { describe, expect, it } from 'vitest';
import type { Precision } from '../domain/observation.ts';
import { parseDate } from './date.ts';

/** Fixed reading moment for every case that does not set its own. */
const NOW = new Date('2025-05-05T21:40:00+08:00');

interface Case {
  text: string;
  zone: string;
  iso: string;
  precision: Precision;
  now?: Date;
}

function expectReading({ text, zone, iso, precision, now = NOW }: Case): void {
  const reading = parseDate(text, { now, timeZone: zone });
  expect(reading).not.toBeNull();
  expect(reading?.iso).toBe(iso);
  expect(reading?.precision).toBe(precision);
  // The Date is the same instant as the ISO string, whatever offset the string is written in.
  expect(reading?.date.getTime()).toBe(Date.parse(iso));
}

describe('parseDate, absolute forms', () => {
  describe('ISO 8601 keeps the offset it states; without one it is read in the given zone', () => {
    it.each<Case>([
      { text: '2019-12-08T03:48:33Z', zone: 'Asia/Shanghai', iso: '2019-12-08T03:48:33+00:00', precision: 'second' },
      { text: '2019-11-30T20:02:08.277+00:00', zone: 'Asia/Shanghai', iso: '2019-11-30T20:02:08.277+00:00', precision: 'second' },
      { text: '2025-07-02T11:30:50.192Z', zone: 'UTC', iso: '2025-07-02T11:30:50.192+00:00', precision: 'second' },
      { text: '2026-01-22T15:01:42+00:00', zone: 'Asia/Shanghai', iso: '2026-01-22T15:01:42+00:00', precision: 'second' },
      { text: '2019-06-05T14:30:00+0800', zone: 'UTC', iso: '2019-06-05T14:30:00+08:00', precision: 'second' },
      { text: '2019-06-05T14:30-05:00', zone: 'UTC', iso: '2019-06-05T14:30:00-05:00', precision: 'minute' },
      { text: '2019-06-05T14:30:00', zone: 'Asia/Shanghai', iso: '2019-06-05T14:30:00+08:00', precision: 'second' },
      { text: '2019-06-05 14:30:00', zone: 'America/New_York', iso: '2019-06-05T14:30:00-04:00', precision: 'second' },
      { text: '2019-06-05 14:30', zone: 'Asia/Shanghai', iso: '2019-06-05T14:30:00+08:00', precision: 'minute' },
      { text: '2019-06-05', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '2019-06-05', zone: 'America/New_York', iso: '2019-06-05T00:00:00-04:00', precision: 'day' },
      { text: '2025-07-10', zone: 'UTC', iso: '2025-07-10T00:00:00+00:00', precision: 'day' },
      { text: '2019/06/05', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '2019/6/5 9:05', zone: 'Asia/Shanghai', iso: '2019-06-05T09:05:00+08:00', precision: 'minute' },
      { text: '2019.06.05', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '2019-06', zone: 'Asia/Shanghai', iso: '2019-06-01T00:00:00+08:00', precision: 'month' },
    ])('$text in $zone → $iso ($precision)', expectReading);
  });

  describe('RFC 822/2822 as RSS writes it, with numeric offsets or US zone names', () => {
    it.each<Case>([
      { text: 'Fri, 21 Nov 2025 00:00:00 +0000', zone: 'Asia/Shanghai', iso: '2025-11-21T00:00:00+00:00', precision: 'second' },
      { text: 'Fri, 28 Nov 2025 08:14:06 +0800', zone: 'UTC', iso: '2025-11-28T08:14:06+08:00', precision: 'second' },
      { text: 'Sat, 17 Feb 2024 23:51:02 +0000', zone: 'Asia/Shanghai', iso: '2024-02-17T23:51:02+00:00', precision: 'second' },
      { text: 'Thu, 14 Jan 2021 09:09 EST', zone: 'Asia/Shanghai', iso: '2021-01-14T09:09:00-05:00', precision: 'minute' },
      { text: 'Wed, 14 Jul 2021 09:09:00 EDT', zone: 'UTC', iso: '2021-07-14T09:09:00-04:00', precision: 'second' },
      { text: 'Thu, 14 Jan 2021 09:09 CST', zone: 'Asia/Shanghai', iso: '2021-01-14T09:09:00-06:00', precision: 'minute' },
      { text: 'Thu, 14 Jan 2021 09:09 PST', zone: 'UTC', iso: '2021-01-14T09:09:00-08:00', precision: 'minute' },
      { text: 'Thu, 14 Jan 2021 09:09:00 GMT', zone: 'Asia/Shanghai', iso: '2021-01-14T09:09:00+00:00', precision: 'second' },
      { text: 'Thu, 14 Jan 2021 09:09:00 UT', zone: 'Asia/Shanghai', iso: '2021-01-14T09:09:00+00:00', precision: 'second' },
      { text: 'Thu, 14 Jan 2021 09:09:00 Z', zone: 'Asia/Shanghai', iso: '2021-01-14T09:09:00+00:00', precision: 'second' },
      { text: '14 Jan 2021 09:09:00 +0530', zone: 'UTC', iso: '2021-01-14T09:09:00+05:30', precision: 'second' },
    ])('$text → $iso ($precision)', expectReading);

    it('puts "Thu, 14 Jan 2021 09:09 EST" at 14:09 UTC', () => {
      const reading = parseDate('Thu, 14 Jan 2021 09:09 EST', { now: NOW, timeZone: 'Asia/Shanghai' });
      expect(reading?.date.toISOString()).toBe('2021-01-14T14:09:00.000Z');
    });
  });

  describe("Weibo's API and JavaScript's Date#toString", () => {
    it.each<Case>([
      { text: 'Tue Jun 04 10:13:27 +0800 2019', zone: 'UTC', iso: '2019-06-04T10:13:27+08:00', precision: 'second' },
      { text: 'Fri Jun 14 20:39:20 +0800 2019', zone: 'America/New_York', iso: '2019-06-14T20:39:20+08:00', precision: 'second' },
      { text: 'Tue Jun 04 10:13:27 2019', zone: 'Asia/Shanghai', iso: '2019-06-04T10:13:27+08:00', precision: 'second' },
      {
        text: 'Tue Jun 04 2019 10:13:27 GMT+0800 (China Standard Time)',
        zone: 'UTC',
        iso: '2019-06-04T10:13:27+08:00',
        precision: 'second',
      },
    ])('$text → $iso', expectReading);
  });

  describe('epoch seconds (10 digits) and milliseconds (13 digits), written in the given zone', () => {
    it.each<Case>([
      { text: '1745290800', zone: 'Asia/Shanghai', iso: '2025-04-22T11:00:00+08:00', precision: 'second' },
      { text: '1523110915', zone: 'Asia/Shanghai', iso: '2018-04-07T22:21:55+08:00', precision: 'second' },
      { text: '1500872686', zone: 'UTC', iso: '2017-07-24T05:04:46+00:00', precision: 'second' },
      { text: '1745290800123', zone: 'Asia/Shanghai', iso: '2025-04-22T11:00:00.123+08:00', precision: 'second' },
    ])('$text in $zone → $iso', expectReading);
  });

  describe('Chinese calendar dates', () => {
    it.each<Case>([
      { text: '2019年6月5日', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '2024年08月20日 19:17', zone: 'Asia/Shanghai', iso: '2024-08-20T19:17:00+08:00', precision: 'minute' },
      { text: '2024年08月20日19:17:05', zone: 'Asia/Shanghai', iso: '2024-08-20T19:17:05+08:00', precision: 'second' },
      { text: '2024年8月20日 下午3:05', zone: 'Asia/Shanghai', iso: '2024-08-20T15:05:00+08:00', precision: 'minute' },
      { text: '2024年8月20日 中午12:30', zone: 'Asia/Shanghai', iso: '2024-08-20T12:30:00+08:00', precision: 'minute' },
      { text: '2024年8月20号', zone: 'Asia/Shanghai', iso: '2024-08-20T00:00:00+08:00', precision: 'day' },
      { text: '2019年6月', zone: 'Asia/Shanghai', iso: '2019-06-01T00:00:00+08:00', precision: 'month' },
      { text: '2019年', zone: 'Asia/Shanghai', iso: '2019-01-01T00:00:00+08:00', precision: 'year' },
      { text: '２０１９年６月５日', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
    ])('$text → $iso ($precision)', expectReading);
  });

  describe('English month names', () => {
    it.each<Case>([
      { text: 'June 5, 2019', zone: 'America/New_York', iso: '2019-06-05T00:00:00-04:00', precision: 'day' },
      { text: 'Jun 5 2019', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: 'Sept. 5th, 2019', zone: 'Asia/Shanghai', iso: '2019-09-05T00:00:00+08:00', precision: 'day' },
      { text: '5 Jun 2019', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '5 June, 2019', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: 'June 5, 2019 at 3:30 PM', zone: 'America/New_York', iso: '2019-06-05T15:30:00-04:00', precision: 'minute' },
      { text: 'June 5, 2019, 12:05 a.m.', zone: 'America/New_York', iso: '2019-06-05T00:05:00-04:00', precision: 'minute' },
      { text: 'June 2019', zone: 'Asia/Shanghai', iso: '2019-06-01T00:00:00+08:00', precision: 'month' },
    ])('$text in $zone → $iso ($precision)', expectReading);
  });

  describe('tolerates labels, spacing and invisible marks around the date', () => {
    it.each<Case>([
      { text: '发布于 2019-06-05', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '编辑于 2024年08月20日 19:17', zone: 'Asia/Shanghai', iso: '2024-08-20T19:17:00+08:00', precision: 'minute' },
      { text: '发布时间：2019-06-05 14:30', zone: 'Asia/Shanghai', iso: '2019-06-05T14:30:00+08:00', precision: 'minute' },
      { text: 'Posted June 5, 2019', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: 'Posted on 5 Jun 2019', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '  \n 2019-06-05 \t', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '\u202A2019-06-05\u202C', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
      { text: '\u200E2019/06/05\uFEFF', zone: 'Asia/Shanghai', iso: '2019-06-05T00:00:00+08:00', precision: 'day' },
    ])('$text → $iso', expectReading);
  });
});

describe('parseDate reads zone-less text in the given zone, never the process zone', () => {
  // The test machine runs in UTC, so each of these would come out differently if it leaked.
  it.each([
    ['2019-06-05', 'Asia/Shanghai', '2019-06-04T16:00:00.000Z'],
    ['2019-06-05', 'America/New_York', '2019-06-05T04:00:00.000Z'],
    ['2019-06-05 14:30', 'America/New_York', '2019-06-05T18:30:00.000Z'],
    ['2024年08月20日 19:17', 'Asia/Shanghai', '2024-08-20T11:17:00.000Z'],
    ['June 5, 2019', 'Asia/Shanghai', '2019-06-04T16:00:00.000Z'],
  ])('%j in %s is %s', (text, zone, instant) => {
    expect(parseDate(text, { now: NOW, timeZone: zone })?.date.toISOString()).toBe(instant);
  });

  it("writes the zone's own offset at that instant, across DST", () => {
    const opts = { now: NOW, timeZone: 'America/New_York' };
    expect(parseDate('2025-03-08 12:00', opts)?.iso).toBe('2025-03-08T12:00:00-05:00');
    expect(parseDate('2025-03-09 12:00', opts)?.iso).toBe('2025-03-09T12:00:00-04:00');
  });
});

describe('parseDate, dates without a year take the latest such date not after now', () => {
  it.each<Case>([
    { text: '04月26日', zone: 'Asia/Shanghai', iso: '2025-04-26T00:00:00+08:00', precision: 'day' },
    { text: '6月5日', zone: 'Asia/Shanghai', iso: '2024-06-05T00:00:00+08:00', precision: 'day' },
    { text: '6月5日 14:30', zone: 'Asia/Shanghai', iso: '2024-06-05T14:30:00+08:00', precision: 'minute' },
    { text: '06-05', zone: 'Asia/Shanghai', iso: '2024-06-05T00:00:00+08:00', precision: 'day' },
    { text: '05-05', zone: 'Asia/Shanghai', iso: '2025-05-05T00:00:00+08:00', precision: 'day' },
    { text: '05-05 21:39', zone: 'Asia/Shanghai', iso: '2025-05-05T21:39:00+08:00', precision: 'minute' },
    { text: '05-05 21:41', zone: 'Asia/Shanghai', iso: '2024-05-05T21:41:00+08:00', precision: 'minute' },
    { text: 'Jun 5', zone: 'Asia/Shanghai', iso: '2024-06-05T00:00:00+08:00', precision: 'day' },
    { text: 'May 1', zone: 'Asia/Shanghai', iso: '2025-05-01T00:00:00+08:00', precision: 'day' },
    { text: '5 June', zone: 'Asia/Shanghai', iso: '2024-06-05T00:00:00+08:00', precision: 'day' },
    { text: '02-29', zone: 'Asia/Shanghai', iso: '2024-02-29T00:00:00+08:00', precision: 'day' },
    {
      text: '12-30',
      zone: 'Asia/Shanghai',
      iso: '2024-12-30T00:00:00+08:00',
      precision: 'day',
      now: new Date('2025-01-03T10:00:00+08:00'),
    },
    {
      text: '06-14',
      zone: 'Asia/Shanghai',
      iso: '2019-06-14T00:00:00+08:00',
      precision: 'day',
      now: new Date('2019-06-16T12:00:00+08:00'),
    },
  ])('$text → $iso', expectReading);

  it("decides 'not after now' on the zone's calendar, not the process's", () => {
    // 02:00 on 1 January in Shanghai is still 31 December in UTC.
    const now = new Date('2025-01-01T02:00:00+08:00');
    expect(parseDate('01-01', { now, timeZone: 'Asia/Shanghai' })?.iso).toBe('2025-01-01T00:00:00+08:00');
    expect(parseDate('01-01', { now, timeZone: 'UTC' })?.iso).toBe('2024-01-01T00:00:00+00:00');
  });
});

describe('parseDate returns null rather than guessing', () => {
  it.each([
    '',
    '   ',
    'nonsense',
    'N/A',
    '2019-02-30',
    '2019-13-01',
    '2019-06-05 24:00',
    '2019-06-05 14:60',
    '2019年2月30日',
    '02-30',
    'Feb 30, 2019',
    'June 5, 2019 at 13:30 PM',
    '06/05/2019',
    '12345',
    '20190605',
    'Tue Jun 04 10:13:27 CST 2019',
    '2019-06-05T14:30:00+25:00',
    'Posted',
  ])('%j → null', (text) => {
    expect(parseDate(text, { now: NOW, timeZone: 'Asia/Shanghai' })).toBeNull();
  });

  it('throws on an unknown time zone instead of reading every date as unparseable', () => {
    expect(() => parseDate('2019-06-05', { now: NOW, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('throws on an invalid `now`', () => {
    expect(() => parseDate('3小时前', { now: new Date(Number.NaN), timeZone: 'UTC' })).toThrow(RangeError);
  });
});
