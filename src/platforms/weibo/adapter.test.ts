import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge } from '../../activity/status.ts';
import { GOV_CN } from '../../activity/policies.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import type { FetchedPage, PageRequest, ParseContext } from '../adapter.ts';
import { failedObservation, okObservation, readPage } from '../parse-page.ts';
import { weibo } from './adapter.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Noon in Shanghai, where the fixture account posts. */
const NOW = new Date('2025-07-20T04:00:00Z');
const ZONE = 'Asia/Shanghai';
const UID = '5813264907';
const PROFILE_URL = `https://m.weibo.cn/api/container/getIndex?type=uid&value=${UID}`;
const POSTS_URL = `${PROFILE_URL}&containerid=107603${UID}`;

const API_HEADERS = { 'X-Requested-With': 'XMLHttpRequest', 'MWeibo-Pwa': '1', Referer: `https://m.weibo.cn/u/${UID}` };

function page(body: string, url = PROFILE_URL): FetchedPage {
  return { url, status: 200, contentType: 'application/json; charset=utf-8', body };
}

function ctx(previous?: PageFacts, carry?: PageRequest['carry']): ParseContext<Record<string, never>> {
  return { now: NOW, timeZone: ZONE, options: {}, ...(previous ? { previous } : {}), ...(carry ? { carry } : {}) };
}

const envelope = { platform: 'weibo', url: `https://weibo.com/u/${UID}`, fetchedAt: NOW, httpStatus: 200 };

/**
 * The look the crawler runs: the profile, then the posts container it names, with the
 * profile's facts and carry. A page that fails ends the look as the crawler ends it: as a
 * failed observation, since the profile alone holds no post time.
 */
function profileThenPosts(profileBody: string, postsBody: string) {
  const first = weibo.parse(page(profileBody), ctx());
  const next = first.next!;
  const read = readPage(weibo, page(postsBody, next.url), ctx(first.facts, next.carry));
  const observation = read.ok ? okObservation(envelope, read.reading.facts) : failedObservation(envelope, read);
  return { first, read, observation };
}

/** What the fixture profile becomes when its posts container answers with these cards. */
function withCards(cards: unknown[]) {
  return profileThenPosts(fixture('profile.json'), JSON.stringify({ ok: 1, data: { cards } })).observation;
}

type Card = { card_type: number; mblog: Record<string, unknown> };
const fixtureCards = () => (JSON.parse(fixture('posts.json')) as { data: { cards: Card[] } }).data.cards;

/** One post card of the fixture's, with its mblog changed. */
function card(index: number, change: Record<string, unknown>): Card {
  const original = fixtureCards()[index]!;
  return { ...original, mblog: { ...original.mblog, ...change } };
}

describe('weibo.firstRequest', () => {
  it.each([
    [`https://weibo.com/u/${UID}`, PROFILE_URL],
    [`https://weibo.com/${UID}`, PROFILE_URL],
    [`https://www.weibo.com/u/${UID}?is_all=1`, PROFILE_URL],
    [`https://weibo.com/${UID}/Q7hY2mLp8`, PROFILE_URL],
    [`https://m.weibo.cn/u/${UID}`, PROFILE_URL],
    [`https://m.weibo.cn/profile/${UID}/`, PROFILE_URL],
    [`https://m.weibo.cn/api/container/getIndex?type=uid&value=${UID}`, PROFILE_URL],
    [
      `https://weibo.com/api/container/getIndex?containerid=107603${UID}`,
      `https://m.weibo.cn/api/container/getIndex?containerid=107603${UID}`,
    ],
  ])('asks the m.weibo.cn API about the account of %s, as its web app does', (accountUrl, apiUrl) => {
    expect(weibo.firstRequest(accountUrl, {})).toEqual({ url: apiUrl, accept: 'application/json', headers: API_HEADERS });
  });

  it('keeps any other host’s origin: a mirror or a simulated server is asked on itself', () => {
    expect(weibo.firstRequest(`http://127.0.0.1:8080/u/${UID}`, {})).toEqual({
      url: `http://127.0.0.1:8080/api/container/getIndex?type=uid&value=${UID}`,
      accept: 'application/json',
      headers: { ...API_HEADERS, Referer: `http://127.0.0.1:8080/u/${UID}` },
    });
    expect(weibo.firstRequest('http://127.0.0.1:8000/saved/profile.json', {}).url).toBe('http://127.0.0.1:8000/saved/profile.json');
  });

  it.each([
    'https://weibo.com/n/滨江气象台',
    'https://weibo.com/binjiangqixiang',
    'https://m.weibo.cn/u/binjiang',
    'https://weibo.com/',
    'https://weibo.com/u/123',
    'not a url',
  ])('rejects %s: no numeric uid, and a name cannot be resolved without logging in', (url) => {
    expect(() => weibo.firstRequest(url, {})).toThrow(InvalidInputError);
  });

  it('tells the user what to use instead of a name', () => {
    expect(() => weibo.firstRequest('https://weibo.com/n/滨江气象台', {})).toThrow(/numeric uid[\s\S]*m\.weibo\.cn\/u\/<uid>/);
  });

  it('takes no options', () => {
    expect(weibo.optionsSchema.safeParse({ cookie: 'x' }).success).toBe(false);
    expect(weibo.fetcher({})).toBe('http');
  });
});

describe('weibo profile, then posts', () => {
  it('reads name and counts from the profile and asks for the container its 微博 tab names, with the same headers', () => {
    const reading = weibo.parse(page(fixture('profile.json')), ctx());
    expect(reading.facts).toEqual({ displayName: '滨江气象台', followers: 128734, followersApproximate: false, postsCount: 4217 });
    expect(reading.next).toEqual({ url: POSTS_URL, accept: 'application/json', headers: API_HEADERS, carry: { statusesCount: '4217' } });
  });

  it('asks for container 107603<uid> when the profile names no 微博 tab', () => {
    const profile = JSON.parse(fixture('profile.json')) as { data: Record<string, unknown> };
    delete profile.data.tabsInfo;
    expect(weibo.parse(page(JSON.stringify(profile)), ctx()).next?.url).toBe(POSTS_URL);
  });

  it('takes the newest post by time, not by place: the pinned post at the top counts by its own, older, date', () => {
    const { observation } = profileThenPosts(fixture('profile.json'), fixture('posts.json'));
    expect(observation).toMatchObject({ outcome: 'ok', displayName: '滨江气象台', followers: 128734, postsCount: 4217 });
    const [pinned, repost, yesterday, thisYear, full] = observation.posts;
    expect(pinned).toMatchObject({
      id: '5097722081100001',
      pinned: true,
      repost: false,
      at: '2024-11-02T00:00:00+08:00',
      precision: 'day',
    });
    expect(repost).toMatchObject({ pinned: false, repost: true, at: '2025-07-20T09:00:00+08:00', precision: 'hour' });
    expect(yesterday).toMatchObject({
      pinned: false,
      repost: false,
      at: '2025-07-19T14:22:00+08:00',
      precision: 'minute',
      url: 'https://m.weibo.cn/status/Q7hY2mLp8',
      excerpt: '#滨江天气# 明天晴转多云，最高气温35℃，注意防暑[太阳]',
    });
    expect(thisYear).toMatchObject({ at: '2025-07-14T00:00:00+08:00', precision: 'day' });
    expect(full).toMatchObject({ at: '2025-07-08T10:13:27+08:00', precision: 'second' });
    expect(observation).toMatchObject({ lastPostAt: '2025-07-20T09:00:00+08:00', lastPostUrl: 'https://m.weibo.cn/status/Q7rep0Xw1' });
  });

  it('counts a pinned post that is also the newest by its date', () => {
    const cards = fixtureCards();
    cards[0] = card(0, { created_at: '刚刚' });
    const observation = withCards(cards);
    expect(observation.posts[0]).toMatchObject({ pinned: true, at: '2025-07-20T12:00:00+08:00' });
    expect(observation.lastPostAt).toBe('2025-07-20T12:00:00+08:00');
  });

  it.each([
    ['isTop alone', { isTop: 1, mblogtype: 0, title: undefined }, true],
    ['mblogtype 2 alone', { isTop: undefined, mblogtype: 2, title: undefined }, true],
    ['the 置顶 title alone', { isTop: undefined, mblogtype: 0, title: { text: '置顶', base_color: 1 } }, true],
    ['mblogtype 1 (a hot post, no pin)', { isTop: undefined, mblogtype: 1, title: undefined }, false],
  ])('marks a post pinned by %s', (_, change, pinned) => {
    expect(withCards([card(0, change)]).posts[0]?.pinned).toBe(pinned);
  });

  it('dates a repost by when the account shared it, not by the shared post', () => {
    const observation = withCards([card(1, {})]);
    expect(observation.posts).toEqual([expect.objectContaining({ repost: true, at: '2025-07-20T09:00:00+08:00' })]);
  });

  it('reads posts inside a card group and passes over cards that are no post', () => {
    const observation = withCards([
      { card_type: 58, name: '全部微博' },
      { card_type: 11, card_group: [card(3, {})] },
    ]);
    expect(observation.posts).toEqual([expect.objectContaining({ id: '5183590014100233', at: '2025-07-14T00:00:00+08:00' })]);
  });

  it('reads a posts list on its own, naming the account from its posts', () => {
    const read = readPage(weibo, page(fixture('posts.json'), POSTS_URL), ctx());
    expect(read.ok && read.reading.facts).toMatchObject({ displayName: '滨江气象台', followers: 128731, followersApproximate: false });
  });
});

describe('weibo post times, in every form the API writes them', () => {
  it.each([
    ['Tue Jun 04 10:13:27 +0800 2019', '2019-06-04T10:13:27+08:00', 'second'],
    ['2019-06-14', '2019-06-14T00:00:00+08:00', 'day'],
    ['06-14', '2025-06-14T00:00:00+08:00', 'day'],
    ['07-21', '2024-07-21T00:00:00+08:00', 'day'],
    ['3小时前', '2025-07-20T09:00:00+08:00', 'hour'],
    ['15分钟前', '2025-07-20T11:45:00+08:00', 'minute'],
    ['刚刚', '2025-07-20T12:00:00+08:00', 'minute'],
    ['昨天 14:22', '2025-07-19T14:22:00+08:00', 'minute'],
    ['今天 08:05', '2025-07-20T08:05:00+08:00', 'minute'],
  ])('reads %s in the account’s zone as %s', (createdAt, at, precision) => {
    expect(withCards([card(3, { created_at: createdAt })]).posts[0]).toMatchObject({ at, precision });
  });

  it('reads a year-less date in the account’s zone: just after midnight in Shanghai it is already the 20th', () => {
    const lateUtc = { ...ctx(), now: new Date('2025-07-19T16:30:00Z') };
    const read = readPage(weibo, page(JSON.stringify({ ok: 1, data: { cards: [card(3, { created_at: '07-20' })] } }), POSTS_URL), lateUtc);
    expect(read.ok && read.reading.facts.posts?.[0]?.at).toBe('2025-07-20T00:00:00+08:00');
  });
});

describe('weibo counts', () => {
  const profileWith = (counts: Record<string, unknown>) => {
    const profile = JSON.parse(fixture('profile.json')) as { data: { userInfo: Record<string, unknown> } };
    Object.assign(profile.data.userInfo, counts);
    return weibo.parse(page(JSON.stringify(profile)), ctx());
  };

  it('reads counts given as text, a rounded follower count as approximate', () => {
    expect(profileWith({ followers_count: '6335.7万', statuses_count: '1008' }).facts).toMatchObject({
      followers: 63357000,
      followersApproximate: true,
      postsCount: 1008,
    });
  });

  it('leaves out a rounded post count, which is no exact count of posts', () => {
    const reading = profileWith({ followers_count: '11万', statuses_count: '1.2万' });
    expect(reading.facts).toMatchObject({ followers: 110000, followersApproximate: true });
    expect(reading.facts.postsCount).toBeUndefined();
    expect(reading.next?.carry).toEqual({ statusesCount: 'approximate' });
  });

  it.each([
    ['without followers_count', { followers_count: undefined }],
    ['with a follower count it cannot read', { followers_count: 'many' }],
    ['with statuses_count renamed', { statuses_count: undefined, statusesCount: 4217 }],
  ])('refuses a profile %s', (_, counts) => {
    expect(() => profileWith(counts)).toThrow(/lacks a numeric id, screen_name, followers_count or statuses_count/);
  });
});

describe('weibo accounts without posts', () => {
  it('shows an account as never having posted only when the profile counts 0 and the posts container is empty', () => {
    const { first, observation } = profileThenPosts(fixture('profile-no-posts.json'), fixture('posts-empty.json'));
    // Until the posts list confirms it, the profile's 0 is not stated: a failed list must leave nothing to judge by.
    expect(first.facts.postsCount).toBeUndefined();
    expect(first.next?.url).toBe('https://m.weibo.cn/api/container/getIndex?type=uid&value=7702418836&containerid=1076037702418836');
    expect(observation).toMatchObject({ outcome: 'ok', displayName: '滨江新区发布', followers: 3, postsCount: 0, lastPostAt: null });
    expect(judge(observation, NOW, GOV_CN).status).toBe('empty');
  });

  it.each([
    ['an ok: 0 "nothing here" answer', fixture('posts-empty.json')],
    ['an ok: 1 answer with no cards', JSON.stringify({ ok: 1, data: { cards: [] } })],
    ['cards that hold no post', JSON.stringify({ ok: 1, data: { cards: [{ card_type: 58, name: '他还没有发过微博' }] } })],
  ])('refuses %s when the profile counts posts: no false silence', (_, body) => {
    const { read, observation } = profileThenPosts(fixture('profile.json'), body);
    expect(read.ok).toBe(false);
    expect(observation).toMatchObject({ outcome: 'error', postsCount: null, lastPostAt: null });
    expect(observation.error).toMatch(/holds no posts but the profile counts 4217 posts/);
    expect(judge(observation, NOW, GOV_CN).status).toBe('unknown');
  });

  it('refuses an empty list when the profile’s count was rounded, and one read on its own', () => {
    const profile = fixture('profile.json').replace('"statuses_count": 4217', '"statuses_count": "1.2万"');
    expect(profileThenPosts(profile, fixture('posts-empty.json')).observation.outcome).toBe('error');
    const alone = readPage(weibo, page(fixture('posts-empty.json'), POSTS_URL), ctx());
    expect(alone).toMatchObject({ ok: false, outcome: 'error', error: expect.stringMatching(/no profile said how many posts exist/) });
  });
});

describe('weibo answers that say nothing about activity', () => {
  const observe = (body: string, url = PROFILE_URL) => {
    const read = readPage(weibo, page(body, url), ctx());
    return read.ok ? okObservation(envelope, read.reading.facts) : failedObservation(envelope, read);
  };

  it.each([
    ['the visitor system page', fixture('visitor-system.html'), PROFILE_URL, 'blocked', /visitor system page/],
    [
      'a redirect to the visitor system',
      '<html><body>Sina Visitor System</body></html>',
      'https://passport.weibo.com/visitor/visitor?entry=miniblog&a=enter&url=https%3A%2F%2Fweibo.com%2Fu%2F5813264907',
      'blocked',
      /visitor system or login page/,
    ],
    ['a login-required answer (ok: -100)', fixture('login-required.json'), PROFILE_URL, 'blocked', /asks to log in/],
    [
      'an answer whose only sign is the login URL',
      '{"ok":-1,"url":"https://passport.weibo.cn/signin/welcome?entry=mweibo"}',
      PROFILE_URL,
      'blocked',
      /log in/,
    ],
    ['a throttling answer', '{"ok":0,"msg":"请求过于频繁，歇歇吧"}', PROFILE_URL, 'blocked', /rate-limit page/],
    ['an answer that the user does not exist', fixture('user-not-found.json'), PROFILE_URL, 'not_found', /does not exist: "用户不存在"/],
    ['an empty body', '', PROFILE_URL, 'error', /not complete JSON/],
    ['an ok: 0 answer it does not know', '{"ok":0,"msg":"服务器开小差了"}', PROFILE_URL, 'error', /ok: 0 with "服务器开小差了"/],
    [
      'an answer with neither userInfo nor cards',
      '{"ok":1,"data":{"user":{"id":5813264907}}}',
      PROFILE_URL,
      'error',
      /neither userInfo nor cards/,
    ],
    ['an answer without ok', '{"data":{"userInfo":{}}}', PROFILE_URL, 'error', /not a Weibo API answer/],
    [
      'a post without created_at (renamed)',
      JSON.stringify({ ok: 1, data: { cards: [card(3, { created_at: undefined, createdAt: '07-14' })] } }),
      POSTS_URL,
      'error',
      /post #1 has no id or created_at/,
    ],
    [
      'a post with a time it cannot read',
      JSON.stringify({ ok: 1, data: { cards: [card(3, { created_at: '很久以前' })] } }),
      POSTS_URL,
      'error',
      /unreadable created_at: "很久以前"/,
    ],
    [
      'a post by another account',
      JSON.stringify({ ok: 1, data: { cards: [card(3, { user: { id: 2391054712, screen_name: '省气象局' } })] } }),
      POSTS_URL,
      'error',
      /by another account/,
    ],
  ])('reads %s as a failed look, never as a silent account', (_, body, url, outcome, message) => {
    const observation = observe(body, url);
    expect(observation).toMatchObject({ outcome, lastPostAt: null, postsCount: null, posts: [] });
    expect(observation.error).toMatch(message);
    expect(judge(observation, NOW, GOV_CN).status).toBe('unknown');
  });

  it('reads a changed profile answer as a parser that stopped matching, though every profile links to the login page', () => {
    const renamed = fixture('profile.json').replace('"followers_count"', '"fans_count"');
    expect(renamed).toContain('passport.weibo.cn/signin');
    expect(observe(renamed)).toMatchObject({ outcome: 'error', parseFailed: true, error: expect.stringMatching(/lacks a numeric id/) });
    const login = observe(fixture('login-required.json'));
    expect(login).toMatchObject({ outcome: 'blocked', parseFailed: false });
  });

  it('leaves nothing to judge by when the profile was read and its posts were not', () => {
    const profileOnly = okObservation(envelope, weibo.parse(page(fixture('profile.json')), ctx()).facts);
    expect(profileOnly).toMatchObject({ lastPostAt: null, posts: [], postsCount: 4217 });
    expect(judge(profileOnly, NOW, GOV_CN).status).toBe('unknown');
  });
});
