import { describe, expect, it } from 'vitest';
import type { Observation, ObservedPost } from '../domain/observation.ts';
import { GOV_CN } from './policies.ts';
import { renderReason } from './render-reason.ts';
import { judge, type AccountMemory } from './status.ts';

const asOf = new Date('2026-05-20T12:00:00+08:00');

function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    platform: 'telegram',
    url: 'https://t.me/s/example',
    fetchedAt: asOf.toISOString(),
    outcome: 'ok',
    httpStatus: 200,
    displayName: 'Example',
    followers: 100,
    followersApproximate: false,
    postsCount: null,
    lastPostAt: null,
    lastPostPrecision: null,
    lastPostUrl: null,
    lastPostExcerpt: null,
    posts: [],
    error: null,
    parseFailed: false,
    ...overrides,
  };
}

const post = (at: string, extra: Partial<ObservedPost> = {}): ObservedPost => ({
  id: at,
  at,
  precision: 'second',
  pinned: false,
  repost: false,
  ...extra,
});

/** A second-precision time `days` before asOf; the extra second keeps the whole second it stands for inside that day. */
const daysBefore = (days: number) => new Date(asOf.getTime() - days * 86_400_000 - 1000).toISOString();

describe('judge: status from the newest post, as of a time (policy gov-cn: 10 / 14 / 90 days)', () => {
  it.each([
    [0.5, 'active', 0],
    [9.9, 'active', 9],
    [10, 'drifting', 10],
    [13.9, 'drifting', 13],
    [14, 'sleeping', 14],
    [89.9, 'sleeping', 89],
    [90, 'zombie', 90],
    [400, 'zombie', 400],
  ] as const)('a post %s days before is %s (%s whole days silent)', (days, status, whole) => {
    const judgement = judge(observation({ posts: [post(daysBefore(days))] }), asOf, GOV_CN);
    expect(judgement.status).toBe(status);
    expect(judgement.daysSilent).toBe(whole);
  });

  it('counts an old pinned post on top by its own date, not its place', () => {
    const posts = [post(daysBefore(200), { pinned: true }), post(daysBefore(3))];
    expect(judge(observation({ posts }), asOf, GOV_CN).status).toBe('active');
    expect(judge(observation({ posts: [post(daysBefore(3)), post(daysBefore(200), { pinned: true })] }), asOf, GOV_CN).daysSilent).toBe(3);
  });

  it('counts a date-only post until the end of that day in its offset', () => {
    // 2026-05-06 (+08:00) ends at 2026-05-06T23:59:59.999+08:00: 13.5 days before asOf, so not yet sleeping.
    const judgement = judge(observation({ lastPostAt: '2026-05-06T00:00:00+08:00', lastPostPrecision: 'day' }), asOf, GOV_CN);
    expect(judgement.status).toBe('drifting');
    expect(judgement.daysSilent).toBe(13);
    expect(judgement.silentSince).toBe('2026-05-06T15:59:59.999Z');
  });

  it('takes the later of the account-level last post time and the posts shown', () => {
    const judgement = judge(
      observation({ lastPostAt: daysBefore(30), lastPostPrecision: 'second', posts: [post(daysBefore(2))] }),
      asOf,
      GOV_CN,
    );
    expect(judgement.status).toBe('active');
  });

  it('ignores posts made after the evaluation time (replays as of a past check date)', () => {
    const posts = [post(daysBefore(20)), post(new Date(asOf.getTime() + 86_400_000).toISOString())];
    expect(judge(observation({ posts }), asOf, GOV_CN).status).toBe('sleeping');
  });

  it('is unknown, not active, when every known post is after the evaluation time', () => {
    const future = new Date(asOf.getTime() + 86_400_000).toISOString();
    const judgement = judge(observation({ lastPostAt: future, lastPostPrecision: 'second', posts: [post(future)] }), asOf, GOV_CN);
    expect(judgement.status).toBe('unknown');
  });

  it('is empty only when the platform positively shows zero posts', () => {
    expect(judge(observation({ postsCount: 0 }), asOf, GOV_CN).status).toBe('empty');
    expect(judge(observation({ postsCount: null }), asOf, GOV_CN).status).toBe('unknown');
    expect(judge(observation({ postsCount: 12 }), asOf, GOV_CN).status).toBe('unknown');
  });

  it.each(['not_found', 'blocked', 'error'] as const)(
    'is unknown whenever the outcome is %s, whatever else the observation holds',
    (outcome) => {
      const judgement = judge(observation({ outcome, error: 'HTTP 403', postsCount: 0, posts: [post(daysBefore(40))] }), asOf, GOV_CN);
      expect(judgement.status).toBe('unknown');
      expect(judgement.daysSilent).toBeNull();
      expect(judgement.reasonText).toContain('HTTP 403');
    },
  );

  it('gives a reason a person can act on', () => {
    expect(judge(observation({ posts: [post(daysBefore(11.5))] }), asOf, GOV_CN).reasonText).toMatch(
      /silent 11 days .*3 days to the 14-day red line/,
    );
    expect(judge(observation({ posts: [post(daysBefore(20))] }), asOf, GOV_CN).reasonText).toMatch(/past the 14-day red line/);
  });
});

describe('judge: what history and the post text add', () => {
  const daily = (fromDays: number, count: number) => Array.from({ length: count }, (_, i) => post(daysBefore(fromDays + i)));
  const memory = (overrides: Partial<AccountMemory> = {}): AccountMemory => ({
    earlierPosts: [],
    lastPostAt: null,
    lastPostPrecision: null,
    consecutiveFailures: 0,
    consecutiveNotFound: 0,
    ...overrides,
  });

  it('warns early when an account is late for its own rhythm and the red line is near', () => {
    // Posts every day, then nothing for 8 days: before the 10-day line, but far past its usual gap.
    const judgement = judge(observation({ posts: daily(8, 20) }), asOf, GOV_CN);
    expect(judgement).toMatchObject({
      status: 'drifting',
      daysSilent: 8,
      reason: { code: 'late-for-cadence', usualGapDays: 1, daysToRedLine: 6 },
    });
    expect(renderReason(judgement.reason, 'zh-CN')).toBe('已 8 天未更新；平时约每 1 天发布一次；距两周红线还有 6 天');
  });

  it('reads the rhythm from posts seen on earlier looks when the page shows only the newest', () => {
    const earlier = daily(9, 20).map(({ at, precision, repost }) => ({ at, precision, repost }));
    expect(judge(observation({ posts: [post(daysBefore(8))] }), asOf, GOV_CN, memory({ earlierPosts: earlier })).status).toBe('drifting');
    expect(judge(observation({ posts: [post(daysBefore(8))] }), asOf, GOV_CN).status).toBe('active');
  });

  it('does not warn early about a weekly poster on its usual schedule', () => {
    const weekly = Array.from({ length: 10 }, (_, i) => post(daysBefore(6 + 7 * i)));
    expect(judge(observation({ posts: weekly }), asOf, GOV_CN).status).toBe('active');
  });

  it('is closed when the newest post announces the end, and names where service moved', () => {
    const notice = post(daysBefore(3), { excerpt: '本账号将于即日起停止更新，相关信息迁移至“南京食药监”微信公众号发布' });
    const judgement = judge(observation({ posts: [notice, post(daysBefore(5))] }), asOf, GOV_CN);
    expect(judgement).toMatchObject({ status: 'closed', reason: { code: 'closure-notice', target: '南京食药监' } });
    const bare = judge(observation({ posts: [post(daysBefore(3), { excerpt: 'This account will no longer be updated.' })] }), asOf, GOV_CN);
    expect(bare).toMatchObject({ status: 'closed', reason: { code: 'closure-notice', target: null } });
    expect(bare.reasonText).toContain('names no successor');
  });

  it('is not closed by an older closure notice followed by newer posts', () => {
    const posts = [post(daysBefore(30), { excerpt: '本号停更' }), post(daysBefore(1), { excerpt: '今日发布' })];
    expect(judge(observation({ posts }), asOf, GOV_CN).status).toBe('active');
  });

  it('reports the last known silence while fetches fail, and never escalates', () => {
    const judgement = judge(
      observation({ outcome: 'blocked', error: 'captcha page' }),
      asOf,
      GOV_CN,
      memory({ lastPostAt: daysBefore(20), lastPostPrecision: 'second', consecutiveFailures: 2 }),
    );
    expect(judgement).toMatchObject({
      status: 'unknown',
      reason: { code: 'fetch-failed', consecutiveFailures: 3, lastKnownDaysSilent: 20 },
    });
  });

  it('is closed once the account page is confirmed gone on consecutive looks, unknown on the first', () => {
    const gone = observation({ outcome: 'not_found', error: 'HTTP 404' });
    expect(judge(gone, asOf, GOV_CN, memory()).status).toBe('unknown');
    expect(judge(gone, asOf, GOV_CN, memory({ consecutiveNotFound: 1, consecutiveFailures: 1 }))).toMatchObject({
      status: 'closed',
      reason: { code: 'gone', consecutiveFailures: 2 },
    });
  });

  it('leaves reposts out of activity when the policy says so', () => {
    const posts = [post(daysBefore(1), { repost: true }), post(daysBefore(20))];
    expect(judge(observation({ posts }), asOf, GOV_CN).status).toBe('active');
    expect(judge(observation({ posts }), asOf, { ...GOV_CN, repostsCount: false }).status).toBe('sleeping');
  });
});

describe('judge: dates in the reason are the account’s own', () => {
  // 02:54 in Beijing on 6 October is still 5 October in UTC.
  const posted = post('2025-10-05T18:54:00+00:00');
  const at = new Date('2025-10-25T12:00:00+08:00');

  it('names the day the account posted in its time zone, not the UTC day', () => {
    const judgement = judge(observation({ posts: [posted] }), at, GOV_CN, undefined, 'Asia/Shanghai');
    expect(judgement.reason).toMatchObject({ code: 'silent', lastPostAt: '2025-10-06T02:54:00+08:00' });
    expect(judgement.reasonText).toContain('last post 2025-10-06');
    expect(renderReason(judgement.reason, 'zh-CN')).toContain('最近一次发布于 2025-10-06');
  });

  it('keeps the time as the page gave it when the zone has the same offset', () => {
    const judgement = judge(observation({ posts: [posted] }), at, GOV_CN, undefined, 'UTC');
    expect(judgement.reason).toMatchObject({ lastPostAt: '2025-10-05T18:54:00+00:00' });
    expect(judgement.reasonText).toContain('last post 2025-10-05');
  });
});
