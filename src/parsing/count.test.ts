import { describe, expect, it } from 'vitest';
import { type CountReading, parseCount } from './count.ts';

const exact = (value: number): CountReading => ({ value, approximate: false, lowerBound: false, resolution: 1 });
const rounded = (value: number, resolution: number): CountReading => ({
  value,
  approximate: true,
  lowerBound: false,
  resolution,
});
const atLeast = (value: number, resolution: number): CountReading => ({
  value,
  approximate: true,
  lowerBound: true,
  resolution,
});

describe('parseCount', () => {
  describe('reads exact counts as exact, with resolution 1', () => {
    it.each([
      ['858', exact(858)],
      ['0', exact(0)],
      ['63357736', exact(63357736)],
      ['1,234 followers', exact(1234)],
      ['1,545,374 views', exact(1545374)],
      ['337 videos', exact(337)],
      ['粉丝 1,024', exact(1024)],
      ['12,34,567', exact(1234567)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  describe('reads abbreviated counts as approximate, at the resolution the abbreviation implies', () => {
    it.each([
      ['12.3K subscribers', rounded(12300, 100)],
      ['32.8K subscribers', rounded(32800, 100)],
      ['12K', rounded(12000, 1000)],
      ['1.5k', rounded(1500, 100)],
      ['1.2M', rounded(1200000, 100000)],
      ['10.1M', rounded(10100000, 100000)],
      ['10.1M subscribers', rounded(10100000, 100000)],
      ['1.2B', rounded(1200000000, 100000000)],
      ['25 million subscribers', rounded(25000000, 1000000)],
      ['1.2万', rounded(12000, 1000)],
      ['36.2万粉丝', rounded(362000, 1000)],
      ['关注者：5万', rounded(50000, 10000)],
      ['3.5亿', rounded(350000000, 10000000)],
      ['1.2萬', rounded(12000, 1000)],
      ['3.5億', rounded(350000000, 10000000)],
      ['2千万', rounded(20000000, 10000000)],
      ['1.2w', rounded(12000, 1000)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  it('reads a lower-case "m" as million, as YouTube writes "25m subscribers"', () => {
    expect(parseCount('25m subscribers')).toEqual(rounded(25000000, 1000000));
  });

  it('keeps the float error of decimal abbreviations out of the value', () => {
    // 10.1 × 1e6 is 10100000.000000002 in floating point
    expect(Number.isInteger(parseCount('10.1M')?.value)).toBe(true);
    expect(Number.isInteger(parseCount('36.2万')?.value)).toBe(true);
  });

  describe('marks "+" and 多 counts as lower bounds', () => {
    it.each([
      ['10万+', atLeast(100000, 10000)],
      ['100+', atLeast(100, 1)],
      ['1.2K+', atLeast(1200, 100)],
      ['3万多', atLeast(30000, 10000)],
    ])('%j → %o', (text, expected) => {
      expect(parseCount(text)).toEqual(expected);
    });
  });

  describe('accepts the thousands separators locales use', () => {
    it.each([
      ['2 620 members, 18 online', 2620],
      ['2\u00A0620 members', 2620],
      ['2\u2009620 members', 2620],
      ['2\u202F620 members', 2620],
      ['1.234.567', 1234567],
      ['1.234 Follower', 1234],
      ["1'234'567", 1234567],
    ])('%j → %d', (text, value) => {
      expect(parseCount(text)).toEqual(exact(value));
    });
  });

  describe('tells a decimal mark from a thousands separator', () => {
    it.each([
      ['1,234.5', 1235],
      ['1.234,5', 1235],
      ['12.5', 13],
    ])('%j is a fraction, rounded and approximate (%d)', (text, value) => {
      expect(parseCount(text)).toEqual({ value, approximate: true, lowerBound: false, resolution: 1 });
    });

    it('reads "1.234K" as 1234 (a dot before an abbreviation is decimal)', () => {
      expect(parseCount('1.234K')?.value).toBe(1234);
    });
  });

  describe('ignores the marks and full-width forms pages wrap numbers in', () => {
    it.each([
      ['\u202A1,234\u202C', 1234],
      ['\u200E1,234\u200F', 1234],
      ['\u2066858\u2069', 858],
      ['\u200B858\uFEFF', 858],
      ['１２３', 123],
      ['粉丝：１，０２４', 1024],
    ])('%j → %d', (text, value) => {
      expect(parseCount(text)).toEqual(exact(value));
    });

    it('reads full-width abbreviations too', () => {
      expect(parseCount('１０万＋')).toEqual(atLeast(100000, 10000));
    });
  });

  describe('takes the first number that is not part of a word', () => {
    it.each([
      ['2 620 members, 18 online', 2620],
      ['18 online, 2 620 members', 18],
      ['V2EX members: 1,234', 1234],
      ['5 10K', 5],
    ])('%j → %d', (text, value) => {
      expect(parseCount(text)?.value).toBe(value);
    });

    it('does not read "members" or "months" after a number as the million suffix', () => {
      expect(parseCount('620 members')).toEqual(exact(620));
      expect(parseCount('3 months')).toEqual(exact(3));
    });
  });

  describe('returns null, never 0, when the text holds no number', () => {
    it.each(['', '   ', 'N/A', 'no followers yet', '—', '万', 'K'])('%j → null', (text) => {
      expect(parseCount(text)).toBeNull();
    });

    it('returns null for digit runs that are no count ("1,2,3")', () => {
      expect(parseCount('1,2,3')).toBeNull();
    });
  });
});
