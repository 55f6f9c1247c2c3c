import { describe, expect, it } from 'vitest';
import { type Cadence, earlyWarning, percentile, readCadence } from './cadence.ts';

const DAY_MS = 86_400_000;
const start = Date.parse('2026-04-01T09:00:00Z');

/** Post times at the given day offsets from the start. */
const postsAt = (days: readonly number[]) => days.map((day) => new Date(start + day * DAY_MS));
/** `count` posts `gapDays` apart. */
const every = (gapDays: number, count: number) => postsAt(Array.from({ length: count }, (_, i) => i * gapDays));

const GOV_CN = { warnDays: 10, redLineDays: 14, lookAheadDays: 10 };

describe('percentile: linear interpolation between closest ranks', () => {
  it.each([
    [[5], 0.5, 5],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.9, 3.7],
    [[1, 1, 1, 9], 0.9, 6.6],
    [[0, 10], 0, 0],
    [[0, 10], 1, 10],
  ])('%j at %s → %s', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });
});

describe('readCadence', () => {
  it('reads a daily poster as one day between posts', () => {
    expect(readCadence(every(1, 30))).toEqual({ posts: 30, medianGapDays: 1, p90GapDays: 1, spanDays: 29 });
  });

  it('reads gaps from the posts in any order', () => {
    expect(readCadence(postsAt([9, 0, 2, 5]))).toEqual({ posts: 4, medianGapDays: 3, p90GapDays: 3.8, spanDays: 9 });
  });

  it('counts a repeated time once (the same post seen on two pages)', () => {
    const times = [...postsAt([0, 1, 2]), ...postsAt([2, 2, 1])];
    expect(readCadence(times)).toBeNull();
    expect(readCadence([...times, ...postsAt([3])])?.posts).toBe(4);
  });

  it.each([[[]], [[0]], [[0, 1, 2]]])('needs at least 4 distinct posts: %j → null', (days) => {
    expect(readCadence(postsAt(days))).toBeNull();
  });

  it('reads only the newest maxPosts posts, so an old burst does not make a now-weekly account look daily', () => {
    const times = [...every(1, 30), ...postsAt([35, 42, 49, 56])];
    expect(readCadence(times, { maxPosts: 4 })).toEqual({ posts: 4, medianGapDays: 7, p90GapDays: 7, spanDays: 21 });
    expect(readCadence(times)?.medianGapDays).toBe(1);
  });

  it('ignores invalid times', () => {
    expect(readCadence([...every(2, 4), new Date(Number.NaN)])?.posts).toBe(4);
  });

  it.each([[3], [0], [4.5]])('rejects maxPosts %s', (maxPosts) => {
    expect(() => readCadence(every(1, 10), { maxPosts })).toThrow(RangeError);
  });
});

describe('earlyWarning (warn 10 d, red line 14 d, look-ahead 10 d)', () => {
  const daily = readCadence(every(1, 30));
  const weekly = readCadence(every(7, 12));
  // Mostly every other day, with one long gap in ten reaching 9 days.
  const irregular = readCadence(postsAt([0, 2, 4, 6, 15, 17, 19, 21, 23, 32, 34, 36, 38, 40, 49, 51, 53, 55, 57, 59]));

  it('warns a daily poster silent 6 days: usually posts every day, 8 days to the red line', () => {
    expect(earlyWarning({ silenceDays: 6, cadence: daily, ...GOV_CN })).toEqual({ usualGapDays: 1, daysToRedLine: 8 });
  });

  it.each<[string, number, Cadence | null, Partial<typeof GOV_CN>]>([
    ['a weekly poster silent 6 days is on time', 6, weekly, {}],
    ['a weekly poster silent 9 days is late but not twice its gap', 9, weekly, {}],
    ['a daily poster silent past warnDays: the fixed rule already warns', 10, daily, {}],
    ['a daily poster past the red line', 15, daily, {}],
    ['no rhythm (fewer than 4 posts)', 6, readCadence(every(1, 3)), {}],
    ['an irregular poster whose p90 gap is 9 days, silent 6', 6, irregular, {}],
    ['a daily poster silent 2 days, red line beyond the look-ahead', 2, daily, {}],
    ['a daily poster silent 6 days with a short look-ahead', 6, daily, { lookAheadDays: 7 }],
  ])('%s → none', (_, silenceDays, cadence, policy) => {
    expect(earlyWarning({ silenceDays, cadence, ...GOV_CN, ...policy })).toBeNull();
  });

  it('confirms the irregular poster has the rhythm the case above assumes', () => {
    expect(irregular?.medianGapDays).toBe(2);
    expect(irregular?.p90GapDays).toBeCloseTo(9, 10);
  });

  it.each([
    [9.2, { usualGapDays: 1, daysToRedLine: 5 }],
    [4, { usualGapDays: 1, daysToRedLine: 10 }],
    [3.9, null],
  ])('a daily poster silent %s days → %o', (silenceDays, expected) => {
    expect(earlyWarning({ silenceDays, cadence: daily, ...GOV_CN })).toEqual(expected);
  });

  it('needs silence beyond twice the usual gap and beyond one day, even for very frequent posters', () => {
    const twiceDaily = readCadence(every(0.5, 30));
    const policy = { warnDays: 3, redLineDays: 4, lookAheadDays: 10 };
    expect(earlyWarning({ silenceDays: 0.9, cadence: twiceDaily, ...policy })).toBeNull();
    expect(earlyWarning({ silenceDays: 1.5, cadence: twiceDaily, ...policy })).toEqual({ usualGapDays: 0.5, daysToRedLine: 3 });
  });

  it('reports the usual gap rounded to one decimal', () => {
    const cadence = readCadence(postsAt([0, 1.26, 2.52, 3.78, 5.04]));
    expect(earlyWarning({ silenceDays: 6, cadence, ...GOV_CN })).toEqual({ usualGapDays: 1.3, daysToRedLine: 8 });
  });
});
