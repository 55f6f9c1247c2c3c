import { describe, expect, it } from 'vitest';
import { type CountReading, parseCount } from './count.ts';

/*
 * Counts as Weibo, Bilibili, YouTube (in its Chinese, Indian, Korean and German faces) and
 * WeChat print them: the word after a number is never part of it, abbreviations make a count
 * approximate at the resolution they imply, and "+" makes it a floor.
 */
const exact = (value: number): CountReading => ({ value, approximate: false, lowerBound: false, resolution: 1 });
const rounded = (value: number, resolution: number): CountReading => ({ value, approximate: true, lowerBound: false, resolution });
const atLeast = (value: number, resolution: number): CountReading => ({ value, approximate: true, lowerBound: true, resolution });

describe('parseCount on the forms the platforms print', () => {
  describe('Chinese 万 and 亿, simplified and traditional, with the word after them', () => {
    it.each<[string, CountReading]>([
      ['6335.7万', rounded(63357000, 1000)],
      ['1.2亿', rounded(120000000, 10000000)],
      ['13.9万位订阅者', rounded(139000, 1000)],
      ['13.9萬位訂閱者', rounded(139000, 1000)],
      ['2.1億', rounded(210000000, 10000000)],
      ['5万粉丝', rounded(50000, 10000)],
      ['12.5万次播放', rounded(125000, 1000)],
      ['粉丝 1.2万', rounded(12000, 1000)],
      ['关注 238', exact(238)],
      ['微博 3,102', exact(3102)],
      ['3102条微博', exact(3102)],
      ['1.5千万', rounded(15000000, 1000000)],
      ['1.02亿播放', rounded(102000000, 1000000)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  describe('lower bounds: "10万+" is at least 100 000', () => {
    it.each<[string, CountReading]>([
      ['10万+', atLeast(100000, 10000)],
      ['阅读 10万+', atLeast(100000, 10000)],
      ['10w+', atLeast(100000, 10000)],
      ['10萬+', atLeast(100000, 10000)],
      ['999+', atLeast(999, 1)],
      ['1万余', atLeast(10000, 10000)],
      ['2萬餘', atLeast(20000, 10000)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  describe('English abbreviations, upper or lower case', () => {
    it.each<[string, CountReading]>([
      ['25M', rounded(25000000, 1000000)],
      ['25M subscribers', rounded(25000000, 1000000)],
      ['1.2K', rounded(1200, 100)],
      ['12.3k followers', rounded(12300, 100)],
      ['999K views', rounded(999000, 1000)],
      ['1.5bn', rounded(1500000000, 100000000)],
      ['2.3 billion', rounded(2300000000, 100000000)],
      ['4.5 thousand', rounded(4500, 100)],
      ['12 millions d’abonnés', rounded(12000000, 1000000)],
      ['1,5 millions', rounded(1500000, 100000)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  describe('Indian English and Hindi: lakh and crore', () => {
    it.each<[string, CountReading]>([
      ['2.5 crore', rounded(25000000, 1000000)],
      ['2.5 crore subscribers', rounded(25000000, 1000000)],
      ['12 crores', rounded(120000000, 10000000)],
      ['3 lakh', rounded(300000, 100000)],
      ['3.5 lakh subscribers', rounded(350000, 10000)],
      ['1 lac', rounded(100000, 100000)],
      ['4.2 करोड़', rounded(42000000, 1000000)],
      ['1.2 लाख', rounded(120000, 10000)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  describe('Korean and German abbreviations', () => {
    it.each<[string, CountReading]>([
      ['구독자 12.3만명', rounded(123000, 1000)],
      ['1.2억', rounded(120000000, 10000000)],
      ['3.4천', rounded(3400, 100)],
      ['1,2 Mio. Abonnenten', rounded(1200000, 100000)],
      ['2 Mrd.', rounded(2000000000, 1000000000)],
      ['12 Tsd.', rounded(12000, 1000)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  describe('digit grouping: commas, European dots, spaces', () => {
    it.each<[string, CountReading]>([
      ['1,234', exact(1234)],
      ['1.234', exact(1234)],
      ['1.234.567 Abonnenten', exact(1234567)],
      ['12 345 abonnés', exact(12345)],
      ['1,234,567 subscribers', exact(1234567)],
      ['12,34,567 subscribers', exact(1234567)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  describe('stays unread rather than guessed', () => {
    it.each(['No subscribers', '暂无粉丝', '—', '1,2 mil suscriptores', '1.2 mil subscribers', 'lakh', '万+'])('%j → null', (text) => {
      expect(parseCount(text)).toBeNull();
    });
  });
});
