import { describe, expect, it } from 'vitest';
import type { Precision } from '../domain/observation.ts';
import { parseDate } from './date.ts';
import { latestInstant } from './precision.ts';

/** Relative forms count back from here (a Bilibili capture: 2025-05-05 21:40 in Shanghai). */
const NOW = new Date('2025-05-05T21:40:00+08:00');
const SHANGHAI = { now: NOW, timeZone: 'Asia/Shanghai' };

type Row = [text: string, iso: string, precision: Precision];

function expectRelative(text: string, iso: string, precision: Precision, opts = SHANGHAI): void {
  const reading = parseDate(text, opts);
  expect(reading?.iso).toBe(iso);
  expect(reading?.precision).toBe(precision);
  expect(reading?.date.getTime()).toBe(Date.parse(iso));
}

describe('parseDate, relative forms', () => {
  describe('units below a day keep the exact instant now − N', () => {
    it.each<Row>([
      ['27分钟前', '2025-05-05T21:13:00+08:00', 'minute'],
      ['5分钟前', '2025-05-05T21:35:00+08:00', 'minute'],
      ['5分前', '2025-05-05T21:35:00+08:00', 'minute'],
      ['3小时前', '2025-05-05T18:40:00+08:00', 'hour'],
      ['1个小时前', '2025-05-05T20:40:00+08:00', 'hour'],
      ['二十三小时前', '2025-05-04T22:40:00+08:00', 'hour'],
      ['30秒前', '2025-05-05T21:39:30+08:00', 'second'],
      ['半小时前', '2025-05-05T21:10:00+08:00', 'minute'],
      ['5 minutes ago', '2025-05-05T21:35:00+08:00', 'minute'],
      ['1 minute ago', '2025-05-05T21:39:00+08:00', 'minute'],
      ['an hour ago', '2025-05-05T20:40:00+08:00', 'hour'],
      ['3 hours ago', '2025-05-05T18:40:00+08:00', 'hour'],
      ['45 seconds ago', '2025-05-05T21:39:15+08:00', 'second'],
      ['5m ago', '2025-05-05T21:35:00+08:00', 'minute'],
      ['3h ago', '2025-05-05T18:40:00+08:00', 'hour'],
    ])('%j → %s (%s)', (text, iso, precision) => expectRelative(text, iso, precision));
  });

  describe('units of a day or more start at midnight of that day in the zone', () => {
    it.each<Row>([
      ['2天前', '2025-05-03T00:00:00+08:00', 'day'],
      ['两天前', '2025-05-03T00:00:00+08:00', 'day'],
      ['十五天前', '2025-04-20T00:00:00+08:00', 'day'],
      ['1周前', '2025-04-28T00:00:00+08:00', 'week'],
      ['2个星期前', '2025-04-21T00:00:00+08:00', 'week'],
      ['3个月前', '2025-02-05T00:00:00+08:00', 'month'],
      ['1年前', '2024-05-05T00:00:00+08:00', 'year'],
      ['半年前', '2024-11-05T00:00:00+08:00', 'month'],
      ['a day ago', '2025-05-04T00:00:00+08:00', 'day'],
      ['10 days ago', '2025-04-25T00:00:00+08:00', 'day'],
      ['2 weeks ago', '2025-04-21T00:00:00+08:00', 'week'],
      ['3 months ago', '2025-02-05T00:00:00+08:00', 'month'],
      ['1 year ago', '2024-05-05T00:00:00+08:00', 'year'],
      ['2d ago', '2025-05-03T00:00:00+08:00', 'day'],
    ])('%j → %s (%s)', (text, iso, precision) => expectRelative(text, iso, precision));
  });

  describe('"just now" is now, to the minute', () => {
    it.each(['刚刚', '刚才', 'just now', 'Just now', 'a few seconds ago', 'moments ago'])('%j', (text) => {
      expectRelative(text, '2025-05-05T21:40:00+08:00', 'minute');
    });
  });

  describe('named days: today, yesterday, the day before', () => {
    it.each<Row>([
      ['昨天 14:22', '2025-05-04T14:22:00+08:00', 'minute'],
      ['昨天14:22', '2025-05-04T14:22:00+08:00', 'minute'],
      ['今天 08:00', '2025-05-05T08:00:00+08:00', 'minute'],
      ['今天 08:00:15', '2025-05-05T08:00:15+08:00', 'second'],
      ['昨天 下午2:22', '2025-05-04T14:22:00+08:00', 'minute'],
      ['昨天', '2025-05-04T00:00:00+08:00', 'day'],
      ['前天', '2025-05-03T00:00:00+08:00', 'day'],
      ['yesterday', '2025-05-04T00:00:00+08:00', 'day'],
      ['Yesterday at 2:30 PM', '2025-05-04T14:30:00+08:00', 'minute'],
      ['today at 08:00', '2025-05-05T08:00:00+08:00', 'minute'],
    ])('%j → %s (%s)', (text, iso, precision) => expectRelative(text, iso, precision));
  });

  describe('labels and marks around relative text are tolerated', () => {
    it.each<Row>([
      ['发布于 3小时前', '2025-05-05T18:40:00+08:00', 'hour'],
      ['编辑于 昨天 14:22', '2025-05-04T14:22:00+08:00', 'minute'],
      ['3小时前发布', '2025-05-05T18:40:00+08:00', 'hour'],
      ['Streamed 2 days ago', '2025-05-03T00:00:00+08:00', 'day'],
      ['\u200F１０分钟前\u200E', '2025-05-05T21:30:00+08:00', 'minute'],
    ])('%j → %s', (text, iso, precision) => expectRelative(text, iso, precision));
  });

  describe('"yesterday" is the zone\'s yesterday, never the process\'s', () => {
    // 01:00 on 5 May in Shanghai is still 4 May in UTC, where the machine runs.
    const earlyMorning = { now: new Date('2025-05-05T01:00:00+08:00'), timeZone: 'Asia/Shanghai' };

    it.each<Row>([
      ['昨天', '2025-05-04T00:00:00+08:00', 'day'],
      ['yesterday', '2025-05-04T00:00:00+08:00', 'day'],
      ['今天 00:30', '2025-05-05T00:30:00+08:00', 'minute'],
      ['2天前', '2025-05-03T00:00:00+08:00', 'day'],
    ])('%j at 01:00 in Shanghai → %s', (text, iso, precision) => expectRelative(text, iso, precision, earlyMorning));

    it('counts days back on the New York calendar for a New York account', () => {
      const evening = { now: new Date('2025-05-05T22:00:00-04:00'), timeZone: 'America/New_York' };
      expectRelative('yesterday', '2025-05-04T00:00:00-04:00', 'day', evening);
      expectRelative('3 days ago', '2025-05-02T00:00:00-04:00', 'day', evening);
    });
  });

  describe('real captures: the page time and the true post time agree', () => {
    // Bilibili shows pub_time and the exact pub_ts side by side.
    it.each([
      ['27分钟前', '2025-05-05T21:13:49+08:00'],
      ['2天前', '2025-05-03T18:02:28+08:00'],
      ['04月26日', '2025-04-26T14:39:47+08:00'],
    ])('bilibili %j covers the post at %s', (text, truth) => {
      const reading = parseDate(text, SHANGHAI);
      expect(reading).not.toBeNull();
      if (!reading) return;
      const posted = Date.parse(truth);
      expect(reading.date.getTime()).toBeLessThanOrEqual(posted);
      expect(latestInstant(reading.iso, reading.precision).getTime()).toBeGreaterThanOrEqual(posted);
    });

    it('YouTube "10 days ago" read on 2026-01-26 is 2026-01-16', () => {
      const reading = parseDate('10 days ago', { now: new Date('2026-01-26T12:00:00Z'), timeZone: 'UTC' });
      expect(reading?.iso).toBe('2026-01-16T00:00:00+00:00');
      expect(reading?.precision).toBe('day');
    });

    it('Weibo "刚刚" is the moment of reading', () => {
      const now = new Date('2019-06-16T12:00:00+08:00');
      const reading = parseDate('刚刚', { now, timeZone: 'Asia/Shanghai' });
      expect(reading?.iso).toBe('2019-06-16T12:00:00+08:00');
      expect(reading?.precision).toBe('minute');
    });
  });

  describe('returns null for vague or future-facing text', () => {
    it.each(['几天前', '一些时间前', '3 days from now', 'in 3 hours', 'ago', '前', '昨天 25:00', '半天前', 'last week'])(
      '%j → null',
      (text) => {
        expect(parseDate(text, SHANGHAI)).toBeNull();
      },
    );
  });
});
