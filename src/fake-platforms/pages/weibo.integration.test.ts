import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAccount } from '../../../tests/support/fake-account.ts';
import { httpGet } from '../../../tests/support/http-get.ts';
import { accountUrl } from '../accounts-file.ts';
import type { FakeAccount } from '../population.ts';
import { startFakePlatforms, type FakePlatforms } from '../server.ts';
import { weiboBid, weiboPostsContainer, weiboUid } from './weibo.ts';

/**
 * The Weibo pages in the shape of m.weibo.cn's API, along the path a client takes: the account
 * URL /u/<uid>, then getIndex for the profile, then getIndex with the posts container.
 */

const NOW = new Date('2026-05-05T12:00:00Z');
const DAY = 86_400_000;

const accounts: FakeAccount[] = [
  fakeAccount({
    key: 'wb_pinned',
    platform: 'weibo',
    silenceDays: 0.1,
    cadenceDays: 0.5,
    pinnedOld: true,
    postCount: 300,
    followers: 63_357_736,
  }),
  fakeAccount({ key: 'wb_quiet', platform: 'weibo', silenceDays: 40.5, postCount: 12, followers: 8_532 }),
  fakeAccount({ key: 'wb_empty', platform: 'weibo', silenceDays: null, postCount: 0 }),
  fakeAccount({ key: 'wb_gone', platform: 'weibo', fault: 'not-found', expectedStatus: 'unknown' }),
  fakeAccount({ key: 'wb_visitor', platform: 'weibo', fault: 'login-wall', expectedStatus: 'unknown' }),
  fakeAccount({ key: 'wb_432', platform: 'weibo', fault: 'rate-limited', expectedStatus: 'unknown' }),
  fakeAccount({ key: 'wb_changed', platform: 'weibo', fault: 'changed-markup', expectedStatus: 'unknown' }),
];

let server: FakePlatforms;
beforeAll(async () => {
  server = await startFakePlatforms({ accounts, now: NOW });
});
afterAll(() => server.close());

const byKey = (key: string) => accounts.find((a) => a.key === key)!;
const uid = (key: string) => weiboUid(key);
const profilePath = (key: string) => `/api/container/getIndex?type=uid&value=${uid(key)}`;
const postsPath = (key: string) => `${profilePath(key)}&containerid=107603${uid(key)}`;
const getJson = async (path: string) => {
  const res = await httpGet(`${server.url}${path}`);
  return { status: res.status, type: res.headers['content-type'], json: JSON.parse(res.body) };
};

describe('weibo: account URL and profile answer', () => {
  it('registers accounts by /u/<numeric uid>, a page that answers', async () => {
    const url = accountUrl(byKey('wb_pinned'), server.url);
    expect(url).toMatch(new RegExp(`^${server.url}/u/\\d{10}$`));
    expect(url.endsWith(`/u/${uid('wb_pinned')}`)).toBe(true);
    expect((await httpGet(url)).status).toBe(200);
  });

  it('answers getIndex?type=uid&value=<uid> with ok 1, userInfo and the weibo tab naming container 107603<uid>', async () => {
    const { status, type, json } = await getJson(profilePath('wb_pinned'));
    expect(status).toBe(200);
    expect(type).toBe('application/json; charset=utf-8');
    expect(json.ok).toBe(1);
    expect(json.data.userInfo).toMatchObject({ id: Number(uid('wb_pinned')), screen_name: 'wb_pinned 发布', statuses_count: 300 });
    expect([63_357_736, '6335.7万']).toContain(json.data.userInfo.followers_count);
    const tab = json.data.tabsInfo.tabs.find((t: { tabKey: string }) => t.tabKey === 'weibo');
    expect(tab.containerid).toBe(`107603${uid('wb_pinned')}`);
    expect(weiboPostsContainer('wb_pinned')).toBe(tab.containerid);
  });

  it('writes small follower counts as numbers in either era', async () => {
    const { json } = await getJson(profilePath('wb_quiet'));
    expect(json.data.userInfo.followers_count).toBe(8_532);
  });

  it('serves big follower counts as numbers for some accounts and as 万 text for others (the two API eras)', async () => {
    const eras = new Set<string>();
    const many = Array.from({ length: 12 }, (_, i) => fakeAccount({ key: `wb_era_${i}`, platform: 'weibo', followers: 63_357_736 }));
    const other = await startFakePlatforms({ accounts: many, now: NOW });
    try {
      for (const account of many) {
        const res = await httpGet(`${other.url}${profilePath(account.key)}`);
        eras.add(typeof JSON.parse(res.body).data.userInfo.followers_count);
      }
    } finally {
      await other.close();
    }
    expect(eras).toEqual(new Set(['number', 'string']));
  });
});

describe('weibo: posts container', () => {
  it('lists card_type 9 posts newest first under a pinned old one (isTop 1, mblogtype 2, 置顶)', async () => {
    const { json } = await getJson(postsPath('wb_pinned'));
    expect(json.ok).toBe(1);
    expect(json.data.cardlistInfo.containerid).toBe(`107603${uid('wb_pinned')}`);
    const cards = json.data.cards as Array<{ card_type: number; mblog: Record<string, unknown> & { user: { id: number } } }>;
    expect(cards).toHaveLength(11);
    expect(cards.every((c) => c.card_type === 9 && c.mblog.user.id === Number(uid('wb_pinned')))).toBe(true);
    const [pinned, newest] = cards;
    expect(pinned?.mblog).toMatchObject({ isTop: 1, mblogtype: 2, title: { text: '置顶' } });
    expect(newest?.mblog.mblogtype).toBe(0);
    expect(newest?.mblog.isTop).toBeUndefined();
    expect(newest?.mblog.bid).toBe(weiboBid(String(newest?.mblog.mid)));
  });

  it('dates posts in the forms Weibo uses, and a mid that encodes the time', async () => {
    const { json } = await getJson(postsPath('wb_pinned'));
    const mblogs = (json.data.cards as Array<{ mblog: { created_at: string; mid: string } }>).map((c) => c.mblog);
    const forms = /^(?:刚刚|\d+分钟前|\d+小时前|昨天 \d\d:\d\d|\d\d-\d\d|\w{3} \w{3} \d\d \d\d:\d\d:\d\d \+0800 \d{4})$/;
    for (const m of mblogs) expect(m.created_at).toMatch(forms);
    const newest = mblogs[1]!;
    const newestAt = NOW.getTime() - 0.1 * DAY;
    expect(Number(BigInt(newest.mid) >> 22n) + 515_483_463).toBe(Math.floor(newestAt / 1000));
    // 2.4 hours ago: "2小时前" as the 2019 site showed it, or the full time today's API writes.
    expect(['2小时前', 'Tue May 05 17:36:00 +0800 2026']).toContain(newest.created_at);
  });

  it('marks reposts with the shared post in retweeted_status, dated before the repost', async () => {
    const { json } = await getJson(postsPath('wb_quiet'));
    const reposts = (json.data.cards as Array<{ mblog: { retweeted_status?: { user: { id: number } } } }>).filter(
      (c) => c.mblog.retweeted_status,
    );
    expect(reposts.length).toBeGreaterThan(0);
    for (const r of reposts) expect(r.mblog.retweeted_status?.user.id).not.toBe(Number(uid('wb_quiet')));
  });

  it('says there is nothing here, with an empty cards list, for an account that never posted', async () => {
    expect((await getJson(profilePath('wb_empty'))).json.data.userInfo.statuses_count).toBe(0);
    expect((await getJson(postsPath('wb_empty'))).json).toEqual({ ok: 0, msg: '这里还没有内容', data: { cards: [] } });
  });
});

describe('weibo: refusals and missing accounts', () => {
  it('answers an unknown uid, and an account that is gone, with ok 0 "用户不存在"', async () => {
    for (const path of ['/api/container/getIndex?type=uid&value=1234567890', profilePath('wb_gone'), postsPath('wb_gone')]) {
      const { status, json } = await getJson(path);
      expect(status, path).toBe(200);
      expect(json).toEqual({ ok: 0, msg: '用户不存在' });
    }
  });

  it('sends a client it turns away to the visitor system, which answers with its own page', async () => {
    const res = await httpGet(`${server.url}${profilePath('wb_visitor')}`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location ?? '');
    expect(location.pathname).toBe('/visitor/visitor');
    expect(location.searchParams.get('entry')).toBe('miniblog');
    const visitor = await httpGet(location.href);
    expect(visitor.status).toBe(200);
    expect(visitor.body).toContain('<title>Sina Visitor System</title>');
    expect(visitor.body).toContain('passport.weibo.com/visitor/genvisitor');
  });

  it('answers a rate-limited client with HTTP 432', async () => {
    expect((await httpGet(`${server.url}${postsPath('wb_432')}`)).status).toBe(432);
  });

  it('renames created_at, userInfo and mblog when the API changes', async () => {
    const profile = await httpGet(`${server.url}${profilePath('wb_changed')}`);
    expect(profile.body).not.toContain('"userInfo"');
    expect(profile.body).toContain('"user_info"');
    const posts = await httpGet(`${server.url}${postsPath('wb_changed')}`);
    expect(posts.body).not.toContain('"created_at"');
    expect(posts.body).not.toContain('"mblog"');
    expect(posts.body).toContain('"create_time"');
  });
});
