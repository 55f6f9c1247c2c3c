import { describe, expect, it } from 'vitest';
import type { Precision } from '../domain/observation.ts';
import { type ParseDateOptions, parseDate } from './date.ts';

/*
 * The forms Weibo, Bilibili, YouTube, WeChat and Chinese news sites print, in simplified and
 * traditional Chinese and in English, modelled on what other date parsers' test suites and
 * scrapers' normalisation functions meet. Every row is read on a Monday evening in Shanghai.
 */
const NOW = new Date('2025-05-05T21:40:00+08:00');
const SHANGHAI: ParseDateOptions = { now: NOW, timeZone: 'Asia/Shanghai' };

type Row = [text: string, iso: string, precision: Precision];

function expectRead([text, iso, precision]: Row, opts: ParseDateOptions = SHANGHAI): void {
  const reading = parseDate(text, opts);
  expect(reading, text).not.toBeNull();
  expect(reading?.iso).toBe(iso);
  expect(reading?.precision).toBe(precision);
  expect(reading?.date.getTime()).toBe(Date.parse(iso));
}

describe('Chinese clock times written with 点/时/分/秒', () => {
  it.each<Row>([
    ['2016年06月30日09时30分', '2016-06-30T09:30:00+08:00', 'minute'],
    ['2016年6月30日 9时30分15秒', '2016-06-30T09:30:15+08:00', 'second'],
    ['2021年07月01日 15点30分15秒', '2021-07-01T15:30:15+08:00', 'second'],
    ['2021年07月01日 下午3点30分15秒', '2021-07-01T15:30:15+08:00', 'second'],
    ['2021年7月1日 上午10点', '2021-07-01T10:00:00+08:00', 'hour'],
    ['2024年3月8日 晚上8点半', '2024-03-08T20:30:00+08:00', 'minute'],
    ['2024年3月8日20时', '2024-03-08T20:00:00+08:00', 'hour'],
    ['12月10号12点', '2024-12-10T12:00:00+08:00', 'hour'],
    ['12月10日 凌晨2点05分', '2024-12-10T02:05:00+08:00', 'minute'],
    ['5月5日 晚上9点', '2025-05-05T21:00:00+08:00', 'hour'],
    ['5月5日 晚上10点', '2024-05-05T22:00:00+08:00', 'hour'],
    ['2019-06-05 14时30分', '2019-06-05T14:30:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));

  it.each<Row>([
    ['今天8点0分', '2025-05-05T08:00:00+08:00', 'minute'],
    ['今天8点', '2025-05-05T08:00:00+08:00', 'hour'],
    ['今天 下午3点', '2025-05-05T15:00:00+08:00', 'hour'],
    ['今天早上八点', '2025-05-05T08:00:00+08:00', 'hour'],
    ['今天中午十二点', '2025-05-05T12:00:00+08:00', 'hour'],
    ['今天晚上8点', '2025-05-05T20:00:00+08:00', 'hour'],
    ['今日 9点15分', '2025-05-05T09:15:00+08:00', 'minute'],
    ['昨天下午三点', '2025-05-04T15:00:00+08:00', 'hour'],
    ['昨天15点', '2025-05-04T15:00:00+08:00', 'hour'],
    ['昨天 十点', '2025-05-04T10:00:00+08:00', 'hour'],
    ['昨天 凌晨1点05分', '2025-05-04T01:05:00+08:00', 'minute'],
    ['昨天 晚上11点20分', '2025-05-04T23:20:00+08:00', 'minute'],
    ['昨天 傍晚6点', '2025-05-04T18:00:00+08:00', 'hour'],
    ['前天 早上7点半', '2025-05-03T07:30:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));

  it.each<Row>([
    ['下午3点25分', '2025-05-05T15:25:00+08:00', 'minute'],
    ['凌晨2点', '2025-05-05T02:00:00+08:00', 'hour'],
    ['上午10点', '2025-05-05T10:00:00+08:00', 'hour'],
    ['早上7点半', '2025-05-05T07:30:00+08:00', 'minute'],
    ['中午12点', '2025-05-05T12:00:00+08:00', 'hour'],
    ['中午1点', '2025-05-05T13:00:00+08:00', 'hour'],
    ['晚上8点', '2025-05-05T20:00:00+08:00', 'hour'],
    ['晚10点', '2025-05-04T22:00:00+08:00', 'hour'],
    ['早8点', '2025-05-05T08:00:00+08:00', 'hour'],
    ['15点30', '2025-05-05T15:30:00+08:00', 'minute'],
    ['15点30分15秒', '2025-05-05T15:30:15+08:00', 'second'],
    ['八点零五分', '2025-05-05T08:05:00+08:00', 'minute'],
    ['21点50分', '2025-05-04T21:50:00+08:00', 'minute'],
    ['下午 3:25', '2025-05-05T15:25:00+08:00', 'minute'],
  ])('a time alone is the latest such time not after now: %j → %s', (...row) => expectRead(row));
});

describe('昨日, 前日, 大前天 and the day-part words', () => {
  it.each<Row>([
    ['昨日', '2025-05-04T00:00:00+08:00', 'day'],
    ['昨日 14:22', '2025-05-04T14:22:00+08:00', 'minute'],
    ['昨日14時22分', '2025-05-04T14:22:00+08:00', 'minute'],
    ['前日', '2025-05-03T00:00:00+08:00', 'day'],
    ['前日 08:15', '2025-05-03T08:15:00+08:00', 'minute'],
    ['今日', '2025-05-05T00:00:00+08:00', 'day'],
    ['大前天', '2025-05-02T00:00:00+08:00', 'day'],
    ['昨天晚上', '2025-05-04T00:00:00+08:00', 'day'],
    ['昨天 上午09:30', '2025-05-04T09:30:00+08:00', 'minute'],
    ['昨天 晚上21:05', '2025-05-04T21:05:00+08:00', 'minute'],
    ['12月10号中午', '2024-12-10T00:00:00+08:00', 'day'],
    ['现在', '2025-05-05T21:40:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe('day words that carry a part of the day, and Cantonese ones', () => {
  it.each<Row>([
    ['今晚8点', '2025-05-05T20:00:00+08:00', 'hour'],
    ['今晚', '2025-05-05T00:00:00+08:00', 'day'],
    ['昨晚11点', '2025-05-04T23:00:00+08:00', 'hour'],
    ['昨晚 10:30', '2025-05-04T22:30:00+08:00', 'minute'],
    ['昨晚', '2025-05-04T00:00:00+08:00', 'day'],
    ['今朝八点十分', '2025-05-05T08:10:00+08:00', 'minute'],
    ['今早7点', '2025-05-05T07:00:00+08:00', 'hour'],
    ['琴日', '2025-05-04T00:00:00+08:00', 'day'],
    ['尋日 10点', '2025-05-04T10:00:00+08:00', 'hour'],
    ['而家', '2025-05-05T21:40:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe("the long formats date libraries' Chinese locales write", () => {
  it.each<Row>([
    ['2010年2月14日星期日下午3点25分', '2010-02-14T15:25:00+08:00', 'minute'],
    ['2010年2月14日下午3点25分', '2010-02-14T15:25:00+08:00', 'minute'],
    ['2010年2月14日凌晨12点00分', '2010-02-14T00:00:00+08:00', 'minute'],
    ['2010年2月14日中午11点45分', '2010-02-14T11:45:00+08:00', 'minute'],
    ['2010年2月14日早上8点05分', '2010-02-14T08:05:00+08:00', 'minute'],
    ['2015年4月2日下午10:05', '2015-04-02T22:05:00+08:00', 'minute'],
    ['2015年04月08日10:05', '2015-04-08T10:05:00+08:00', 'minute'],
    ['2010年2月14日 15:25', '2010-02-14T15:25:00+08:00', 'minute'],
    ['1 分钟前', '2025-05-05T21:39:00+08:00', 'minute'],
    ['1 分鐘前', '2025-05-05T21:39:00+08:00', 'minute'],
    ['1 個月前', '2025-04-05T00:00:00+08:00', 'month'],
    ['3 周前', '2025-04-14T00:00:00+08:00', 'week'],
    ['幾秒前', '2025-05-05T21:40:00+08:00', 'minute'],
    ['几秒前', '2025-05-05T21:40:00+08:00', 'minute'],
    ['1年11個月前', '2023-06-05T00:00:00+08:00', 'month'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe('traditional characters', () => {
  it.each<Row>([
    ['5分鐘前', '2025-05-05T21:35:00+08:00', 'minute'],
    ['5 分鐘前', '2025-05-05T21:35:00+08:00', 'minute'],
    ['30秒鐘前', '2025-05-05T21:39:30+08:00', 'second'],
    ['3小時前', '2025-05-05T18:40:00+08:00', 'hour'],
    ['1個小時前', '2025-05-05T20:40:00+08:00', 'hour'],
    ['2個鐘頭前', '2025-05-05T19:40:00+08:00', 'hour'],
    ['兩天前', '2025-05-03T00:00:00+08:00', 'day'],
    ['1週前', '2025-04-28T00:00:00+08:00', 'week'],
    ['3週前', '2025-04-14T00:00:00+08:00', 'week'],
    ['2個星期前', '2025-04-21T00:00:00+08:00', 'week'],
    ['3個月前', '2025-02-05T00:00:00+08:00', 'month'],
    ['2年前', '2023-05-05T00:00:00+08:00', 'year'],
    ['剛剛', '2025-05-05T21:40:00+08:00', 'minute'],
    ['剛才', '2025-05-05T21:40:00+08:00', 'minute'],
    ['現在', '2025-05-05T21:40:00+08:00', 'minute'],
    ['2019年6月5號', '2019-06-05T00:00:00+08:00', 'day'],
    ['6月5號 14:30', '2024-06-05T14:30:00+08:00', 'minute'],
    ['昨天 下午3點25分', '2025-05-04T15:25:00+08:00', 'minute'],
    ['今天 上午10點', '2025-05-05T10:00:00+08:00', 'hour'],
    ['2019年6月5日 淩晨2點', '2019-06-05T02:00:00+08:00', 'hour'],
    ['發佈於 3小時前', '2025-05-05T18:40:00+08:00', 'hour'],
    ['發表於 2019-06-05', '2019-06-05T00:00:00+08:00', 'day'],
    ['更新於 昨天 14:22', '2025-05-04T14:22:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe('weekday names beside a Chinese date', () => {
  it.each<Row>([
    ['2019年6月5日 星期三', '2019-06-05T00:00:00+08:00', 'day'],
    ['2019年6月5日 星期三 10:13', '2019-06-05T10:13:00+08:00', 'minute'],
    ['2019-06-14 (周五)', '2019-06-14T00:00:00+08:00', 'day'],
    ['2019-06-14（週五） 10:13', '2019-06-14T10:13:00+08:00', 'minute'],
    ['2019年6月9日 礼拜天', '2019-06-09T00:00:00+08:00', 'day'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe('weekday names standing for a day of the past week', () => {
  // NOW is a Monday: a weekday name is the latest such day before today, a week back for Monday itself.
  it.each<Row>([
    ['周五', '2025-05-02T00:00:00+08:00', 'day'],
    ['星期日', '2025-05-04T00:00:00+08:00', 'day'],
    ['礼拜天', '2025-05-04T00:00:00+08:00', 'day'],
    ['周一', '2025-04-28T00:00:00+08:00', 'day'],
    ['周五下午3点', '2025-05-02T15:00:00+08:00', 'hour'],
    ['星期三 15:20', '2025-04-30T15:20:00+08:00', 'minute'],
    ['週六 晚上8点半', '2025-05-03T20:30:00+08:00', 'minute'],
    ['Friday', '2025-05-02T00:00:00+08:00', 'day'],
    ['Tue', '2025-04-29T00:00:00+08:00', 'day'],
    ['Thurs 10:00', '2025-05-01T10:00:00+08:00', 'minute'],
    ['Monday 3pm', '2025-04-28T15:00:00+08:00', 'hour'],
    ['Sat at 9:15 AM', '2025-05-03T09:15:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe('a few of a unit under a day, at the next coarser precision', () => {
  it.each<Row>([
    ['几分钟前', '2025-05-05T21:37:00+08:00', 'hour'],
    ['幾分鐘前', '2025-05-05T21:37:00+08:00', 'hour'],
    ['数秒前', '2025-05-05T21:39:57+08:00', 'minute'],
    ['几小时前', '2025-05-05T18:40:00+08:00', 'day'],
    ['a few minutes ago', '2025-05-05T21:37:00+08:00', 'hour'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe("Weibo's created_at in every form", () => {
  it.each<Row>([
    ['Tue Jun 04 10:13:27 +0800 2019', '2019-06-04T10:13:27+08:00', 'second'],
    ['Mon May 05 21:39:59 +0800 2025', '2025-05-05T21:39:59+08:00', 'second'],
    ['06-14', '2024-06-14T00:00:00+08:00', 'day'],
    ['06-14 10:13', '2024-06-14T10:13:00+08:00', 'minute'],
    ['2019-06-14', '2019-06-14T00:00:00+08:00', 'day'],
    ['2019-06-14 10:13', '2019-06-14T10:13:00+08:00', 'minute'],
    ['3小时前', '2025-05-05T18:40:00+08:00', 'hour'],
    ['5分钟前', '2025-05-05T21:35:00+08:00', 'minute'],
    ['5分钟之前', '2025-05-05T21:35:00+08:00', 'minute'],
    ['59秒前', '2025-05-05T21:39:01+08:00', 'second'],
    ['刚刚', '2025-05-05T21:40:00+08:00', 'minute'],
    ['昨天 14:22', '2025-05-04T14:22:00+08:00', 'minute'],
    ['今天 09:05', '2025-05-05T09:05:00+08:00', 'minute'],
    ['6月14日 10:13', '2024-06-14T10:13:00+08:00', 'minute'],
    ['刚刚发布', '2025-05-05T21:40:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe('English relative forms, hedged or not', () => {
  it.each<Row>([
    ['about an hour ago', '2025-05-05T20:40:00+08:00', 'hour'],
    ['about 2 hours ago', '2025-05-05T19:40:00+08:00', 'hour'],
    ['an hour ago', '2025-05-05T20:40:00+08:00', 'hour'],
    ['a minute ago', '2025-05-05T21:39:00+08:00', 'minute'],
    ['a day ago', '2025-05-04T00:00:00+08:00', 'day'],
    ['a week ago', '2025-04-28T00:00:00+08:00', 'week'],
    ['a month ago', '2025-04-05T00:00:00+08:00', 'month'],
    ['a year ago', '2024-05-05T00:00:00+08:00', 'year'],
    ['about 1 month ago', '2025-04-05T00:00:00+08:00', 'month'],
    ['about a year ago', '2024-05-05T00:00:00+08:00', 'year'],
    ['over 2 years ago', '2023-05-05T00:00:00+08:00', 'year'],
    ['over 1 year ago', '2024-05-05T00:00:00+08:00', 'year'],
    ['almost 3 weeks ago', '2025-04-14T00:00:00+08:00', 'week'],
    ['almost 2 years ago', '2023-05-05T00:00:00+08:00', 'year'],
    ['nearly 5 hours ago', '2025-05-05T16:40:00+08:00', 'hour'],
    ['around 10 minutes ago', '2025-05-05T21:30:00+08:00', 'minute'],
    ['more than 3 days ago', '2025-05-02T00:00:00+08:00', 'day'],
    ['10 mins ago', '2025-05-05T21:30:00+08:00', 'minute'],
    ['2 hrs ago', '2025-05-05T19:40:00+08:00', 'hour'],
    ['2 hrs. ago', '2025-05-05T19:40:00+08:00', 'hour'],
    ['1 yr ago', '2024-05-05T00:00:00+08:00', 'year'],
    ['3 wks ago', '2025-04-14T00:00:00+08:00', 'week'],
    ['Premiered 3 hours ago', '2025-05-05T18:40:00+08:00', 'hour'],
    ['Streamed live 5 days ago', '2025-04-30T00:00:00+08:00', 'day'],
    ['half an hour ago', '2025-05-05T21:10:00+08:00', 'minute'],
    ['about half an hour ago', '2025-05-05T21:10:00+08:00', 'minute'],
    ['5th of June 2019', '2019-06-05T00:00:00+08:00', 'day'],
  ])('%j → %s (%s)', (...row) => expectRead(row));

  it.each(['just now', 'Just now', 'moments ago', 'a moment ago', 'seconds ago', 'less than a minute ago', 'now', 'right now'])(
    '%j is the moment of reading',
    (text) => expectRead([text, '2025-05-05T21:40:00+08:00', 'minute']),
  );

  it.each<Row>([
    ['yesterday at 3:15 PM', '2025-05-04T15:15:00+08:00', 'minute'],
    ['Yesterday, 3:15 pm', '2025-05-04T15:15:00+08:00', 'minute'],
    ['yesterday at 3 PM', '2025-05-04T15:00:00+08:00', 'hour'],
    ['Yesterday 11am', '2025-05-04T11:00:00+08:00', 'hour'],
    ['Today at 15:30', '2025-05-05T15:30:00+08:00', 'minute'],
    ['today, 9:05 a.m.', '2025-05-05T09:05:00+08:00', 'minute'],
    ['3:15 PM', '2025-05-05T15:15:00+08:00', 'minute'],
    ['10:15 pm', '2025-05-04T22:15:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));
});

describe('ages in several units, each finer than the last', () => {
  it.each<Row>([
    ['1 year, 2 months ago', '2024-03-05T00:00:00+08:00', 'month'],
    ['1 year, 2 months, and 3 days ago', '2024-03-02T00:00:00+08:00', 'day'],
    ['2 hours 30 minutes ago', '2025-05-05T19:10:00+08:00', 'minute'],
    ['2 hours and 30 minutes ago', '2025-05-05T19:10:00+08:00', 'minute'],
    ['1 day, 3 hours ago', '2025-05-04T18:40:00+08:00', 'hour'],
    ['about 1 hour 5 minutes ago', '2025-05-05T20:35:00+08:00', 'minute'],
    ['3小时20分钟前', '2025-05-05T18:20:00+08:00', 'minute'],
    ['1天2小时前', '2025-05-04T19:40:00+08:00', 'hour'],
    ['1年零3个月前', '2024-02-05T00:00:00+08:00', 'month'],
    ['1週3天前', '2025-04-25T00:00:00+08:00', 'day'],
    ['两小时十分钟前', '2025-05-05T19:30:00+08:00', 'minute'],
  ])('%j → %s (%s)', (...row) => expectRead(row));

  it.each(['2 minutes 1 hour ago', '3 hours 2 hours ago', '3分钟2小时前', '1 year, ago'])('%j → null', (text) => {
    expect(parseDate(text, SHANGHAI)).toBeNull();
  });
});

describe('compact post ages, only when the caller says the text is one', () => {
  const AGES: ParseDateOptions = { ...SHANGHAI, compactAges: true };
  const rows: Row[] = [
    ['16h', '2025-05-05T05:40:00+08:00', 'hour'],
    ['5m', '2025-05-05T21:35:00+08:00', 'minute'],
    ['30s', '2025-05-05T21:39:30+08:00', 'second'],
    ['3d', '2025-05-02T00:00:00+08:00', 'day'],
    ['2w', '2025-04-21T00:00:00+08:00', 'week'],
    ['2 wks', '2025-04-21T00:00:00+08:00', 'week'],
    ['1mo', '2025-04-05T00:00:00+08:00', 'month'],
    ['1 yr', '2024-05-05T00:00:00+08:00', 'year'],
    ['2y', '2023-05-05T00:00:00+08:00', 'year'],
    ['5 min', '2025-05-05T21:35:00+08:00', 'minute'],
    ['4 hrs', '2025-05-05T17:40:00+08:00', 'hour'],
    ['3 days', '2025-05-02T00:00:00+08:00', 'day'],
  ];

  it.each<Row>(rows)('%j → %s (%s)', (...row) => expectRead(row, AGES));

  it.each(rows.map(([text]) => text))('%j stays unread without the option', (text) => {
    expect(parseDate(text, SHANGHAI)).toBeNull();
  });

  it('still reads every other form with the option on', () => {
    expectRead(['3小时前', '2025-05-05T18:40:00+08:00', 'hour'], AGES);
    expectRead(['2019-06-14', '2019-06-14T00:00:00+08:00', 'day'], AGES);
    expect(parseDate('16x', AGES)).toBeNull();
  });
});

describe('RFC 822 variants real feeds write', () => {
  it.each<Row>([
    ['Tue,04 Jun 2019 10:13:27 +0800', '2019-06-04T10:13:27+08:00', 'second'],
    ['Tue,4 Jun 2019 10:13 +0800', '2019-06-04T10:13:00+08:00', 'minute'],
    ['Tue, 04 Jun 2019 10:13:27 GMT+8', '2019-06-04T10:13:27+08:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 GMT+08:00', '2019-06-04T10:13:27+08:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 UTC+8', '2019-06-04T10:13:27+08:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 +0800 (CST)', '2019-06-04T10:13:27+08:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 UT', '2019-06-04T10:13:27+00:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 Z', '2019-06-04T10:13:27+00:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 EST', '2019-06-04T10:13:27-05:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 EDT', '2019-06-04T10:13:27-04:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 PST', '2019-06-04T10:13:27-08:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 PDT', '2019-06-04T10:13:27-07:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 HKT', '2019-06-04T10:13:27+08:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 JST', '2019-06-04T10:13:27+09:00', 'second'],
    ['Tue, 04 Jun 2019 10:13:27 CEST', '2019-06-04T10:13:27+02:00', 'second'],
    ['Tuesday, 04 June 2019 10:13:27 +0800', '2019-06-04T10:13:27+08:00', 'second'],
    ['2019-06-14 10:13:27 UTC+8', '2019-06-14T10:13:27+08:00', 'second'],
    ['2019-06-14 10:13:27 GMT', '2019-06-14T10:13:27+00:00', 'second'],
    ['Jun 4, 2019 3 pm', '2019-06-04T15:00:00+08:00', 'hour'],
    ['Jun 4, 2019, 10:13 AM', '2019-06-04T10:13:00+08:00', 'minute'],
    ['Tue Jun 04 2019 10:13:27 GMT+0800 (中国标准时间)', '2019-06-04T10:13:27+08:00', 'second'],
  ])('%j → %s (%s)', (...row) => expectRead(row));

  it('reads "CST" in RFC 822 text as US Central, as RFC 822 defines it, whatever the account zone', () => {
    expectRead(['Tue, 04 Jun 2019 10:13:27 CST', '2019-06-04T10:13:27-06:00', 'second']);
  });
});

describe('what stays unread rather than guessed', () => {
  it.each([
    // a colon time alone may be a video's length
    '14:22',
    '3:15',
    // 晚上12点 and 晚上1点 may belong to either day; 凌晨 is never 9 o'clock
    '晚上12点',
    '晚上1点',
    '凌晨9点',
    '3点30秒',
    '25点',
    // Java's Date#toString writes CST for China; RFC 822 for US Central
    'Tue Jun 04 10:13:27 CST 2019',
    'Tue, 04 Jun 2019 10:13:27 IST',
    'Tue, 04 Jun 2019 10:13:27 BST',
    // vague or future-facing
    'a few days ago',
    'less than 5 minutes ago',
    'last week',
    'last night',
    'in 2 hours',
    '2 hours from now',
    '明天',
    '下周',
    '3天后',
    '几天前',
    '昨天 pm',
    // compact ages without the option
    '16h',
    '5m',
    '2 wks',
  ])('%j → null', (text) => {
    expect(parseDate(text, SHANGHAI)).toBeNull();
  });
});
