import { describe, expect, it } from 'vitest';
import { allocate, drawSample, parseSampleSize, sampleCount, type Sampleable } from './sample.ts';

/** 100 accounts: 60 on weibo, 30 on wechat, 10 on douyin; units in blocks of 25; region null for every fifth. */
const POPULATION: Sampleable[] = Array.from({ length: 100 }, (_, i) => ({
  id: i + 1,
  platform: i < 60 ? 'weibo' : i < 90 ? 'wechat' : 'douyin',
  unit: `unit-${Math.floor(i / 25)}`,
  region: i % 5 === 0 ? null : '南京',
}));
const ids = (accounts: Sampleable[]) => accounts.map((a) => a.id);

describe('parseSampleSize', () => {
  it('reads shares and counts', () => {
    expect(parseSampleSize('10%')).toEqual({ percent: 10 });
    expect(parseSampleSize('2.5%')).toEqual({ percent: 2.5 });
    expect(parseSampleSize('25')).toEqual({ count: 25 });
  });
  it('refuses what is neither', () => {
    for (const bad of ['0%', '101%', '0', '-3', '1.5', 'ten', '', '10 %x', '%']) expect(parseSampleSize(bad)).toBeNull();
  });
});

describe('sampleCount', () => {
  it('rounds a share half up, never below one for a non-empty population', () => {
    expect(sampleCount({ percent: 10 }, 100)).toBe(10);
    expect(sampleCount({ percent: 10 }, 15)).toBe(2);
    expect(sampleCount({ percent: 10 }, 14)).toBe(1);
    expect(sampleCount({ percent: 10 }, 4)).toBe(1);
    expect(sampleCount({ percent: 10 }, 0)).toBe(0);
  });
  it('takes the whole population when asked for more', () => {
    expect(sampleCount({ count: 500 }, 100)).toBe(100);
    expect(ids(drawSample(POPULATION.slice(0, 7), { count: 50 }, 'seed'))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('drawSample', () => {
  it('gives the same accounts for the same seed, whatever order the register comes in', () => {
    const first = drawSample(POPULATION, { percent: 10 }, '2026-03-31');
    const shuffled = [...POPULATION].reverse();
    expect(ids(drawSample(shuffled, { percent: 10 }, '2026-03-31'))).toEqual(ids(first));
    expect(first).toHaveLength(10);
    expect(ids(first)).toEqual([...ids(first)].sort((a, b) => a - b));
  });

  it('gives another sample for another seed', () => {
    const a = ids(drawSample(POPULATION, { percent: 10 }, 'seed-a'));
    const b = ids(drawSample(POPULATION, { percent: 10 }, 'seed-b'));
    expect(a).not.toEqual(b);
  });

  it('allocates a stratified sample in proportion to the strata', () => {
    const sample = drawSample(POPULATION, { percent: 10 }, 's', 'platform');
    const count = (p: string) => sample.filter((a) => a.platform === p).length;
    expect([count('weibo'), count('wechat'), count('douyin')]).toEqual([6, 3, 1]);
    expect(ids(drawSample(POPULATION, { percent: 10 }, 's', 'platform'))).toEqual(ids(sample));
  });

  it('draws at least one from every non-empty stratum, the accounts without a value among them', () => {
    const sample = drawSample(POPULATION, { count: 2 }, 's', 'region');
    expect(sample.some((a) => a.region === null)).toBe(true);
    expect(sample.some((a) => a.region === '南京')).toBe(true);
    const tiny = drawSample(POPULATION, { count: 1 }, 's', 'unit');
    expect(new Set(tiny.map((a) => a.unit)).size).toBe(4);
  });
});

describe('allocate', () => {
  it('rounds by largest remainder, ties to the earlier stratum, and never beyond a stratum', () => {
    expect(allocate(10, [60, 30, 10])).toEqual([6, 3, 1]);
    expect(allocate(3, [5, 5])).toEqual([2, 1]);
    expect(allocate(1, [50, 1, 0])).toEqual([1, 1, 0]);
    expect(allocate(10, [2, 2])).toEqual([2, 2]);
  });
});
