import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_BOOK } from '../activity/policies.ts';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { renderSpotCheck } from './render-spot-check.ts';
import { spotCheck, type SpotCheckOptions, type SpotCheckReport } from './spot-check.ts';

/** The end of 31 March 2026 in Beijing: the check time. */
const AS_OF = new Date('2026-03-31T15:59:59.999Z');
const REGISTERED = '2026-01-01T00:00:00Z';

interface Fixture {
  name: string;
  platform: string;
  unit: string;
  region: string;
  createdAt?: string;
  removedAt?: string;
  /** Looks: fetch time, outcome, stored status, last post (null: none), posts count. */
  looks?: Array<{ at: string; outcome?: string; status: string; lastPostAt: string | null; postsCount?: number; excerpt?: string }>;
  posts?: Array<{ at: string; excerpt?: string }>;
}

const FIXTURES: Fixture[] = [
  {
    name: '南京发布',
    platform: 'weibo',
    unit: '市委宣传部',
    region: '南京',
    looks: [{ at: '2026-03-31T02:00:00Z', status: 'active', lastPostAt: '2026-03-28T01:00:00Z' }],
    posts: [{ at: '2026-03-28T01:00:00Z' }, { at: '2026-03-20T01:00:00Z' }],
  },
  {
    // Silent for a month at the check time; it posted again in April, which must not count.
    name: '无锡发布',
    platform: 'weibo',
    unit: '无锡市政府',
    region: '无锡',
    looks: [
      { at: '2026-03-30T02:00:00Z', status: 'sleeping', lastPostAt: '2026-03-01T01:00:00Z' },
      { at: '2026-04-05T02:00:00Z', status: 'active', lastPostAt: '2026-04-03T01:00:00Z' },
    ],
    posts: [{ at: '2026-03-01T01:00:00Z' }, { at: '2026-04-03T01:00:00Z' }],
  },
  {
    // First looked at after the check time: nobody can say how it stood then.
    name: '苏州发布',
    platform: 'wechat',
    unit: '苏州市政府',
    region: '苏州',
    looks: [{ at: '2026-04-02T02:00:00Z', status: 'sleeping', lastPostAt: '2026-02-01T01:00:00Z' }],
    posts: [{ at: '2026-02-01T01:00:00Z' }],
  },
  {
    name: '常州空号',
    platform: 'wechat',
    unit: '常州市政府',
    region: '常州',
    looks: [{ at: '2026-03-30T02:00:00Z', status: 'empty', lastPostAt: null, postsCount: 0 }],
  },
  {
    name: '镇江旧号',
    platform: 'douyin',
    unit: '镇江市政府',
    region: '镇江',
    looks: [{ at: '2026-03-30T02:00:00Z', status: 'zombie', lastPostAt: '2025-11-01T01:00:00Z' }],
    posts: [{ at: '2025-11-01T01:00:00Z' }],
  },
  {
    name: '扬州食药监',
    platform: 'weibo',
    unit: '扬州市市场监管局',
    region: '扬州',
    looks: [
      { at: '2026-03-30T02:00:00Z', status: 'closed', lastPostAt: '2026-03-25T01:00:00Z', excerpt: '本账号即日起停止更新，感谢关注' },
    ],
    posts: [{ at: '2026-03-25T01:00:00Z', excerpt: '本账号即日起停止更新，感谢关注' }],
  },
  {
    name: '<script>alert(1)</script>',
    platform: 'douyin',
    unit: '南通市政府',
    region: '南通',
    looks: [{ at: '2026-03-31T02:00:00Z', status: 'active', lastPostAt: '2026-03-30T01:00:00Z' }],
    posts: [{ at: '2026-03-30T01:00:00Z' }],
  },
  {
    // Blocked on the last two looks before the check time: a month-old post is no proof of silence then.
    name: '泰州发布',
    platform: 'wechat',
    unit: '泰州市政府',
    region: '泰州',
    looks: [
      { at: '2026-03-01T02:00:00Z', status: 'active', lastPostAt: '2026-02-28T01:00:00Z' },
      { at: '2026-03-29T02:00:00Z', outcome: 'blocked', status: 'unknown', lastPostAt: null },
      { at: '2026-03-30T02:00:00Z', outcome: 'blocked', status: 'unknown', lastPostAt: null },
    ],
  },
  { name: '已注销', platform: 'weibo', unit: '泰州市政府', region: '泰州', removedAt: '2026-03-01T00:00:00Z' },
  { name: '新开号', platform: 'weibo', unit: '泰州市政府', region: '泰州', createdAt: '2026-04-10T00:00:00Z' },
];

const EXPECTED: Record<string, string> = {
  南京发布: 'active',
  无锡发布: 'sleeping',
  苏州发布: 'unknown',
  常州空号: 'empty',
  镇江旧号: 'zombie',
  扬州食药监: 'closed',
  '<script>alert(1)</script>': 'active',
  泰州发布: 'unknown',
};

describe.each(BACKENDS)('the spot-check report on %s', (backend) => {
  let t: TestStore;
  const options = (extra: Partial<SpotCheckOptions> = {}): SpotCheckOptions => ({
    asOf: AS_OF,
    size: { percent: 100 },
    seed: '2026-03-31',
    locale: 'zh-CN',
    ...extra,
  });
  const run = (extra: Partial<SpotCheckOptions> = {}): Promise<SpotCheckReport> =>
    spotCheck(t.store.db, DEFAULT_POLICY_BOOK, options(extra));

  beforeAll(async () => {
    t = await openTestStore(backend);
    for (const [i, f] of FIXTURES.entries()) {
      const { id } = await t.store.db
        .insertInto('accounts')
        .values({
          platform: f.platform,
          url: `https://example.org/${i}`,
          account_key: `${f.platform}:example.org/${i}`,
          name: f.name,
          unit: f.unit,
          region: f.region,
          group_name: null,
          policy: null,
          interval_seconds: 86_400,
          time_zone: 'Asia/Shanghai',
          options: '{}',
          access: null,
          removed_at: f.removedAt ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The column's type admits no value on insert (it defaults to now): registered in the past here.
      await sql`update accounts set created_at = ${f.createdAt ?? REGISTERED}::timestamptz where id = ${Number(id)}`.execute(t.store.db);
      for (const [n, look] of (f.looks ?? []).entries()) {
        await t.store.db
          .insertInto('observations')
          .values({
            account_id: Number(id),
            round_key: `r${n}`,
            fetched_at: look.at,
            outcome: look.outcome ?? 'ok',
            http_status: 200,
            display_name: null,
            followers: null,
            followers_approximate: null,
            posts_count: look.postsCount ?? null,
            last_post_at: look.lastPostAt,
            last_post_precision: look.lastPostAt ? 'minute' : null,
            last_post_url: null,
            last_post_excerpt: look.excerpt ?? null,
            status: look.status,
            days_silent: null,
            reason: '',
            error: null,
          })
          .execute();
      }
      for (const [n, post] of (f.posts ?? []).entries()) {
        await t.store.db
          .insertInto('posts')
          .values({
            account_id: Number(id),
            post_id: `p${n}`,
            at: post.at,
            precision: 'minute',
            pinned: false,
            repost: false,
            url: null,
            excerpt: post.excerpt ?? null,
          })
          .execute();
      }
    }
  });
  afterAll(() => t.dispose());

  it('judges every account as of the check time from what the store held then', async () => {
    const report = await run();
    expect(report.scope).toBe(8);
    expect(Object.fromEntries(report.rows.map((r) => [r.name, r.judgement.status]))).toEqual(EXPECTED);
    // Where a look was stored by then, its status then is the status the report gives.
    const stored = await t.store.db
      .selectFrom('observations')
      .select(['account_id', 'status', 'fetched_at'])
      .where('fetched_at', '<=', AS_OF)
      .orderBy('fetched_at', 'desc')
      .execute();
    for (const row of report.rows.filter((r) => r.judgement.status !== 'unknown')) {
      expect(row.judgement.status).toBe(stored.find((s) => Number(s.account_id) === row.accountId)?.status);
    }
    const wuxi = report.rows.find((r) => r.name === '无锡发布')!;
    expect(wuxi).toMatchObject({ conclusion: 'fail', lastUpdated: '2026-03-01', problems: ['silent-past-red-line'] });
    expect(wuxi.judgement.daysSilent).toBe(30);
    const taizhou = report.rows.find((r) => r.name === '泰州发布')!;
    expect(taizhou.judgement.reason).toMatchObject({ code: 'fetch-failed', outcome: 'blocked', consecutiveFailures: 2 });
    expect(taizhou).toMatchObject({ conclusion: 'not-determinable', lastUpdated: '2026-02-28' });
  });

  it('counts an account with no look by the check time as not determinable, neither passed nor failed', async () => {
    const report = await run();
    expect(report.rows.find((r) => r.name === '苏州发布')).toMatchObject({ conclusion: 'not-determinable', conclusionText: '无法判定' });
    expect(report.overall).toEqual({ sampled: 8, passed: 3, failed: 3, notDeterminable: 2, rate: 0.5 });
    expect(report.singleVeto.map((r) => r.name)).toEqual(['无锡发布', '镇江旧号']);
    expect(report.otherProblems.map((r) => [r.name, r.problems])).toEqual([
      ['常州空号', ['empty']],
      ['镇江旧号', ['silent-past-red-line', 'zombie']],
      ['扬州食药监', ['closure-without-successor']],
    ]);
    expect(report.byPlatform.weibo).toEqual({ sampled: 3, passed: 2, failed: 1, notDeterminable: 0, rate: 2 / 3 });
  });

  it('draws the same sample for the same seed and another for other seeds', async () => {
    const sample = async (seed: string) => (await run({ size: { count: 3 }, seed })).rows.map((r) => r.accountId);
    const first = await sample('2026-03-31');
    expect(first).toHaveLength(3);
    expect(await sample('2026-03-31')).toEqual(first);
    const others = await Promise.all(['a', 'b', 'c', 'd'].map(sample));
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(first))).toBe(true);
  });

  it('writes CSV with a BOM and the attachment columns, and HTML with account names escaped', async () => {
    const report = await run();
    const csv = renderSpotCheck(report, 'csv');
    expect(csv.startsWith('\uFEFF序号,地区,开设主体,账号名称,平台,问题类别,问题描述,检查时最后更新日期,结论\n')).toBe(true);
    expect(csv).toContain('2026-03-01,不合格');
    const english = renderSpotCheck(await run({ locale: 'en' }), 'csv');
    expect(english.split('\n')[0]).toBe(
      '\uFEFFNo.,Region,Operator,Account name,Platform,Problem category,Problem description,Last update at check time,Conclusion',
    );
    const html = renderSpotCheck(report, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(JSON.parse(renderSpotCheck(report, 'json'))).toMatchObject({ scope: 8, sampleSize: 8 });
    const md = renderSpotCheck(report, 'md');
    expect(md).toContain('合格率 50.0%');
    expect(md).toContain('| &lt;script&gt;alert(1)&lt;/script&gt; |');
  });
});
