import { describe, expect, it } from 'vitest';
import { countUncertainty, dailyFollowerChanges, type FollowerSample, followerAnomaly, roundingStep } from './follower-signals.ts';

const DAY_MS = 86_400_000;
const start = Date.parse('2026-05-01T10:00:00Z');

/** One exact reading a day, starting 2026-05-01. */
const daily = (counts: readonly number[], approximate = false): FollowerSample[] =>
  counts.map((followers, i) => ({ at: new Date(start + i * DAY_MS), followers, approximate }));

/** `days` readings growing by `perDay` from `first`. */
const steady = (first: number, perDay: number, days: number) => Array.from({ length: days }, (_, i) => first + i * perDay);

describe('roundingStep and countUncertainty: what a rounded count may hide', () => {
  it.each([
    [12000, 1000], // "1.2万"
    [10100000, 100000], // "10.1M"
    [12300, 100], // "12.3K"
    [10000, 1000], // "1万": at most a tenth of the value
    [858, 1],
    [5, 1],
    [0, 1],
  ])('%s → step %s', (followers, step) => {
    expect(roundingStep(followers)).toBe(step);
  });

  it.each([
    [12000, true, 500],
    [10100000, true, 50000],
    [12000, false, 0],
  ])('%s (approximate: %s) → ±%s', (followers, approximate, uncertainty) => {
    expect(countUncertainty(followers, approximate)).toBe(uncertainty);
  });
});

describe('dailyFollowerChanges', () => {
  it('keeps the last reading of each UTC day, whatever the input order', () => {
    const samples: FollowerSample[] = [
      { at: new Date('2026-05-02T20:00:00Z'), followers: 1012, approximate: false },
      { at: new Date('2026-05-01T23:59:00Z'), followers: 1000, approximate: false },
      { at: new Date('2026-05-02T08:00:00Z'), followers: 50000, approximate: false }, // a misread, later corrected
      { at: new Date('2026-05-01T01:00:00Z'), followers: 990, approximate: false },
    ];
    const { counts, changes } = dailyFollowerChanges(samples);
    expect(counts).toEqual([
      { day: '2026-05-01', followers: 1000, approximate: false },
      { day: '2026-05-02', followers: 1012, approximate: false },
    ]);
    expect(changes).toEqual([{ day: '2026-05-02', sinceDay: '2026-05-01', days: 1, from: 1000, to: 1012, change: 12, uncertainty: 0 }]);
  });

  it('spreads the change over a gap of several days', () => {
    const samples = [daily([1000])[0], { at: new Date(start + 3 * DAY_MS), followers: 1030, approximate: false }];
    expect(dailyFollowerChanges(samples as FollowerSample[]).changes).toEqual([
      { day: '2026-05-04', sinceDay: '2026-05-01', days: 3, from: 1000, to: 1030, change: 10, uncertainty: 0 },
    ]);
  });

  it('carries the rounding of both counts: "1.2万" → "1.3万" is 1000 ± 1000', () => {
    const [change] = dailyFollowerChanges(daily([12000, 13000], true)).changes;
    expect(change).toMatchObject({ change: 1000, uncertainty: 1000 });
  });

  it('skips readings with an invalid time or count', () => {
    const samples = [...daily([100, 110]), { at: new Date(Number.NaN), followers: 5, approximate: false }];
    samples.push({ at: new Date(start + 2 * DAY_MS), followers: Number.NaN, approximate: false });
    expect(dailyFollowerChanges(samples).counts).toHaveLength(2);
  });

  it('has no change with fewer than two days', () => {
    expect(dailyFollowerChanges([]).changes).toEqual([]);
    expect(dailyFollowerChanges(daily([100])).changes).toEqual([]);
  });
});

describe('followerAnomaly: the newest day against the account’s own history', () => {
  it('flags a jump of 5000 in a day on an account growing about 10 a day', () => {
    const history = [1000, 1011, 1020, 1029, 1041, 1050, 1060, 1069, 1080, 1090];
    const anomaly = followerAnomaly(daily([...history, 6090]));
    expect(anomaly).toMatchObject({ kind: 'jump', day: '2026-05-11', change: 5000, typicalChange: 10, from: 1090, to: 6090 });
    expect(anomaly?.score).toBeGreaterThan(100);
  });

  it('flags a collapse of 40% in a day', () => {
    const history = steady(50000, 20, 10);
    const anomaly = followerAnomaly(daily([...history, 30108]));
    expect(anomaly).toMatchObject({ kind: 'collapse', change: -20072, typicalChange: 20 });
    expect(anomaly?.score).toBeLessThan(-6);
  });

  it('measures the spread as the scaled MAD of the earlier changes', () => {
    // Changes 10, 14, 6, 12, 8, 10, 10: median 10, absolute deviations' median 2.
    const anomaly = followerAnomaly(daily([0, 10, 24, 30, 42, 50, 60, 70, 5070]));
    expect(anomaly).toMatchObject({ typicalChange: 10, spread: 2 * 1.4826 });
    expect(anomaly?.score).toBeCloseTo(4990 / (2 * 1.4826), 6);
  });

  it.each([
    [150, null],
    [200, 'jump'],
  ])('takes a perfectly steady account (+100 a day, MAD 0) to spread at least a tenth of its usual change: +%s → %s', (last, kind) => {
    const history = steady(1000, 100, 10);
    const anomaly = followerAnomaly(daily([...history, (history.at(-1) as number) + last]));
    expect(anomaly?.kind ?? null).toBe(kind);
  });

  it.each<[string, FollowerSample[]]>([
    ['rounded counts wobbling 1.2万 → 1.3万 → 1.2万', daily([12000, 12000, 13000, 12000, 12000, 13000, 12000, 12000, 12000, 13000], true)],
    ['too little history (6 earlier changes)', daily([...steady(1000, 10, 7), 6060])],
    ['a change under 50 a day on a perfectly steady account', daily([...steady(1000, 0, 10), 1040])],
    [
      'a moderate day on an account that naturally swings by hundreds',
      daily([10000, 10250, 10180, 10600, 10550, 10900, 10700, 11200, 11150, 11500, 12100]),
    ],
    ['an ordinary day', daily(steady(1000, 10, 12))],
    ['no samples', []],
  ])('%s → null', (_, samples) => {
    expect(followerAnomaly(samples)).toBeNull();
  });

  it('still flags a rounded count that moves far beyond its rounding', () => {
    const samples = daily([...Array<number>(10).fill(12000), 18000], true);
    expect(followerAnomaly(samples)).toMatchObject({ kind: 'jump', change: 6000 });
  });

  it('judges the last reading of the newest day, not a misread earlier that day', () => {
    const samples = daily(steady(1000, 10, 10));
    samples.push({ at: new Date(start + 10 * DAY_MS), followers: 90000, approximate: false });
    samples.push({ at: new Date(start + 10 * DAY_MS + 3_600_000), followers: 1100, approximate: false });
    expect(followerAnomaly(samples)).toBeNull();
    expect(followerAnomaly(samples.slice(0, -1))).toMatchObject({ kind: 'jump', to: 90000 });
  });

  it('takes its thresholds from the options', () => {
    const samples = daily([...steady(1000, 10, 4), 1500]);
    expect(followerAnomaly(samples)).toBeNull();
    expect(followerAnomaly(samples, { minHistoryDays: 3 })).toMatchObject({ kind: 'jump' });
    expect(followerAnomaly(samples, { minHistoryDays: 3, minAbsoluteChange: 1000 })).toBeNull();
    expect(followerAnomaly(samples, { minHistoryDays: 3, threshold: 1000 })).toBeNull();
  });
});
