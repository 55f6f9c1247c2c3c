import { describe, expect, it } from 'vitest';
import { buildPopulation, statusForSilence, type FakeAccount, type FakePlatform } from './population.ts';
import { PLATFORM_IDS } from '../platforms/platform-ids.ts';

const share = (accounts: FakeAccount[], test: (a: FakeAccount) => boolean) => accounts.filter(test).length / accounts.length;

describe('buildPopulation', () => {
  const population = buildPopulation({ count: 2000, seed: 'spec' });

  it('gives the same accounts for the same seed, and different ones for another seed', () => {
    expect(buildPopulation({ count: 50, seed: 7 })).toEqual(buildPopulation({ count: 50, seed: 7 }));
    expect(buildPopulation({ count: 50, seed: 8 })).not.toEqual(buildPopulation({ count: 50, seed: 7 }));
  });

  it('returns exactly the number of accounts asked for, with unique url-safe keys', () => {
    expect(population).toHaveLength(2000);
    expect(new Set(population.map((a) => a.key)).size).toBe(2000);
    for (const a of population) expect(a.key).toMatch(/^[a-z0-9_]+$/);
    expect(buildPopulation({ count: 0, seed: 1 })).toEqual([]);
  });

  it.each([
    ['active', 0.4],
    ['drifting', 0.1],
    ['sleeping', 0.2],
    ['zombie', 0.1],
    ['empty', 0.05],
  ] as const)('makes %s about its share (%s of all) of the accounts without faults', (status, expected) => {
    const healthy = population.filter((a) => a.fault === null);
    expect(share(healthy, (a) => a.expectedStatus === status)).toBeCloseTo(expected / 0.85, 1);
  });

  it('gives about 15 % of accounts a fault, and hangs to at most 1 %', () => {
    expect(share(population, (a) => a.fault !== null)).toBeCloseTo(0.15, 2);
    expect(share(population, (a) => a.fault === 'hang')).toBeLessThanOrEqual(0.01);
    expect(share(population, (a) => a.fault === 'hang')).toBeGreaterThan(0);
  });

  it('has no faults when faults are off, and keeps the status mix', () => {
    const clean = buildPopulation({ count: 400, seed: 'spec', faults: false });
    expect(clean.every((a) => a.fault === null && a.expectedStatus !== 'unknown')).toBe(true);
    expect(share(clean, (a) => a.expectedStatus === 'active')).toBeCloseTo(0.4 / 0.85, 1);
  });

  it('mixes platforms with telegram the most common and browser pages at most 5 %', () => {
    const count = (test: (a: FakeAccount) => boolean) => population.filter(test).length;
    const telegram = count((a) => a.platform === 'telegram');
    for (const platform of ['mastodon', 'feed', 'html'] as const) {
      expect(count((a) => a.platform === platform)).toBeGreaterThan(0);
      expect(count((a) => a.platform === platform)).toBeLessThan(telegram);
    }
    for (const variant of ['rss', 'atom', 'json', 'static', 'browser'] as const)
      expect(count((a) => a.variant === variant)).toBeGreaterThan(0);
    expect(share(population, (a) => a.variant === 'browser')).toBeLessThanOrEqual(0.05);
    expect(population.filter((a) => a.platform === 'feed').every((a) => ['rss', 'atom', 'json'].includes(a.variant ?? ''))).toBe(true);
    expect(population.filter((a) => a.platform === 'html').every((a) => ['static', 'browser'].includes(a.variant ?? ''))).toBe(true);
  });

  it('draws every simulated platform whose adapter is registered, and none whose adapter is not', () => {
    const simulated: FakePlatform[] = ['telegram', 'mastodon', 'feed', 'html', 'bluesky', 'youtube', 'wechat', 'weibo', 'bilibili'];
    for (const platform of simulated) {
      const drawn = population.filter((a) => a.platform === platform).length;
      if (PLATFORM_IDS.includes(platform)) expect(drawn, platform).toBeGreaterThan(population.length * 0.03);
      else expect(drawn, platform).toBe(0);
    }
  });

  it('registers WeChat accounts by an article, or by their history page (always, when they have no article)', () => {
    const wechat = population.filter((a) => a.platform === 'wechat');
    expect(wechat.filter((a) => a.variant === 'article').length).toBeGreaterThan(wechat.filter((a) => a.variant === 'history').length);
    expect(wechat.some((a) => a.variant === 'history' && a.postCount > 0)).toBe(true);
    expect(wechat.filter((a) => a.postCount === 0).every((a) => a.variant === 'history')).toBe(true);
  });

  it('names accounts in Chinese and in English', () => {
    expect(population.some((a) => /\p{Script=Han}/u.test(a.displayName))).toBe(true);
    expect(population.some((a) => /^[A-Za-z ]+\d*$/.test(a.displayName))).toBe(true);
  });

  it('keeps every silence more than a day away from the 10, 14 and 90-day lines', () => {
    const tooClose = population.filter(
      (a) => a.silenceDays !== null && [10, 14, 90].some((line) => Math.abs((a.silenceDays ?? 0) - line) <= 1),
    );
    expect(tooClose).toEqual([]);
  });

  it('marks never-posted accounts empty with no posts, and others with at least one post', () => {
    for (const a of population) {
      expect(a.silenceDays === null).toBe(a.postCount === 0);
      if (a.fault === null) expect(a.expectedStatus === 'empty').toBe(a.silenceDays === null);
    }
  });

  it('expects the real status for slow and flaky accounts and unknown for every other fault', () => {
    for (const a of population.filter((x) => x.fault !== null)) {
      const readable = a.fault === 'slow' || a.fault === 'flaky';
      expect(a.expectedStatus).toBe(readable ? statusForSilence(a.silenceDays) : 'unknown');
    }
  });

  it('gives active accounts a cadence longer than their silence, so no early warning fires', () => {
    for (const a of population.filter((x) => x.expectedStatus === 'active')) {
      expect(a.cadenceDays * 0.7).toBeGreaterThan(a.silenceDays ?? Infinity);
    }
  });

  it('pins old posts only where the platform shows pins (mastodon, html, bluesky, weibo, bilibili)', () => {
    const pinned = population.filter((a) => a.pinnedOld);
    expect(pinned.length).toBeGreaterThan(0);
    expect(pinned.every((a) => ['mastodon', 'html', 'bluesky', 'weibo', 'bilibili'].includes(a.platform))).toBe(true);
  });
});

describe('statusForSilence', () => {
  it.each([
    [null, 'empty'],
    [0, 'active'],
    [9.9, 'active'],
    [10, 'drifting'],
    [13.9, 'drifting'],
    [14, 'sleeping'],
    [89.9, 'sleeping'],
    [90, 'zombie'],
    [400, 'zombie'],
  ] as const)('classifies a silence of %s days as %s', (silence, status) => {
    expect(statusForSilence(silence)).toBe(status);
  });
});
