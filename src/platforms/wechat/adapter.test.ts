import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../domain/errors.ts';
import type { FetchedPage } from '../adapter.ts';
import { parsePage } from '../parse-page.ts';
import { historyUrl, wechat } from './adapter.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const now = new Date('2025-12-10T04:00:00Z');
const timeZone = 'Asia/Shanghai';
const ARTICLE_URL = 'https://mp.weixin.qq.com/s/Hx7aQ2kLmN0pRsT4uVwXyZ';
const HISTORY_URL = 'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzU4MTIzNDU2Nw==';

function read(body: string, url = ARTICLE_URL, previous?: Parameters<typeof wechat.parse>[1]['previous']) {
  const page: FetchedPage = { url, status: 200, contentType: 'text/html', body };
  return wechat.parse(page, { now, timeZone, options: {}, previous });
}

const observe = (name: string, url = ARTICLE_URL) => parsePage('wechat', fixture(name), { url, now, timeZone });

describe('wechat adapter: which page it fetches', () => {
  it.each([ARTICLE_URL, HISTORY_URL, 'https://mp.weixin.qq.com/s?__biz=MzU4MTIzNDU2Nw==&mid=2247490012&idx=1&sn=6f1c2e7d9a'])(
    'fetches %s as given: article and history links are both public pages',
    (url) => {
      expect(wechat.firstRequest(url, {})).toEqual({ url: new URL(url).toString(), accept: 'text/html' });
    },
  );

  it.each(['not a url', 'ftp://mp.weixin.qq.com/s/abc', 'weixin://dl/officialaccounts'])('rejects %s', (url) => {
    expect(() => wechat.firstRequest(url, {})).toThrow(InvalidInputError);
  });

  it('fetches over plain HTTP; its one option says whether it reads WeChat’s pages or a bridge’s feed', () => {
    expect(wechat.fetcher({})).toBe('http');
    expect(wechat.optionsSchema.safeParse({}).success).toBe(true);
    expect(wechat.optionsSchema.safeParse({ via: 'feed' }).success).toBe(true);
    expect(wechat.optionsSchema.safeParse({ via: 'rss' }).success).toBe(false);
    expect(wechat.optionsSchema.safeParse({ cookie: 'x' }).success).toBe(false);
  });

  it('builds the history link on the origin the article came from', () => {
    expect(historyUrl('MzU4MTIzNDU2Nw==', 'http://127.0.0.1:4010/s/abc')).toBe(
      'http://127.0.0.1:4010/mp/profile_ext?action=home&__biz=MzU4MTIzNDU2Nw%3D%3D',
    );
  });
});

describe('wechat adapter: article pages', () => {
  it('reads the exact publish time from var ct, the account name and the title, and asks for the history page', () => {
    const reading = read(fixture('article.html'));
    expect(reading.facts.displayName).toBe('湖畔街道办');
    expect(reading.facts.posts).toEqual([
      {
        id: 'MzU4MTIzNDU2Nw==:2247490012:1',
        at: '2025-12-05T11:00:00+08:00',
        precision: 'second',
        pinned: false,
        repost: false,
        url: 'http://mp.weixin.qq.com/s?__biz=MzU4MTIzNDU2Nw==&mid=2247490012&idx=1&sn=6f1c2e7d9a#rd',
        excerpt: '社区图书角开放啦',
      },
    ]);
    expect(reading.next).toEqual({ url: historyUrl('MzU4MTIzNDU2Nw==', ARTICLE_URL), accept: 'text/html' });
    expect(reading.incompleteWithoutNext).toMatch(/only that article’s date/);
  });

  it('says, when a saved article page is read alone, that its date is not the account’s newest post', () => {
    const obs = observe('article.html');
    expect(obs).toMatchObject({ outcome: 'ok', lastPostAt: '2025-12-05T11:00:00+08:00', displayName: '湖畔街道办' });
    expect(obs.error).toMatch(/only that article’s date, not the account’s newest post/);
    expect(observe('history-profile-ext.html', HISTORY_URL).error).toBeNull();
  });

  it('falls back to publish_time, which states the day only', () => {
    const [post] = read(fixture('article-date-only.html')).facts.posts ?? [];
    expect(post).toMatchObject({ at: '2025-11-20T00:00:00+08:00', precision: 'day', excerpt: '冬季防火提示' });
  });

  it('falls back to the #publish_time element and the #js_name element', () => {
    const reading = read(fixture('article-element-only.html'));
    expect(reading.facts.displayName).toBe('湖畔街道办');
    expect(reading.facts.posts?.[0]).toMatchObject({ at: '2025-11-28T18:05:00+08:00', precision: 'minute', url: ARTICLE_URL });
  });

  it('takes the account id from the article link when the page does not name it', () => {
    const url = 'https://mp.weixin.qq.com/s?__biz=MzI0NTY3ODkwMQ==&mid=1&idx=1';
    expect(read(fixture('article-date-only.html'), url).next?.url).toBe(historyUrl('MzI0NTY3ODkwMQ==', url));
    expect(read(fixture('article-date-only.html')).next).toBeUndefined();
  });

  it('reports an article page without any readable time as a changed page, not as an account without posts', () => {
    const obs = observe('article-no-time.html');
    expect(obs).toMatchObject({ outcome: 'error', parseFailed: true, lastPostAt: null, postsCount: null });
  });
});

describe('wechat adapter: the history page', () => {
  it.each([
    ['profile_ext, msgList as an entity-encoded string', 'history-profile-ext.html'],
    ['the older profile page, msgList as a JSON literal', 'history-legacy.html'],
    ['the getmsg answer, general_msg_list', 'getmsg.json'],
  ])('reads every message with its own time from %s; the newest wins by time, not by place', (_, name) => {
    const obs = observe(name, HISTORY_URL);
    expect(obs.outcome).toBe('ok');
    expect(obs.posts.map((p) => [p.id, p.at])).toEqual([
      ['2247490010', '2025-12-01T16:30:00+08:00'],
      ['2247490012', '2025-12-05T11:00:00+08:00'],
      ['2247490007', '2025-11-22T17:00:00+08:00'],
    ]);
    expect(obs).toMatchObject({
      lastPostAt: '2025-12-05T11:00:00+08:00',
      lastPostPrecision: 'second',
      lastPostExcerpt: '社区图书角开放啦',
      lastPostUrl: 'http://mp.weixin.qq.com/s?__biz=MzU4MTIzNDU2Nw==&mid=2247490012&idx=1&sn=ab2247490012#rd',
      followers: null,
      postsCount: null,
    });
    expect(obs.displayName).toBe(name.endsWith('.json') ? null : '湖畔街道办');
  });

  it('reads an empty history as an account that has positively posted nothing', () => {
    expect(observe('getmsg-empty.json', HISTORY_URL)).toMatchObject({ outcome: 'ok', postsCount: 0, posts: [] });
  });

  it('keeps the article read before it and the account name it showed', () => {
    const article = read(fixture('article-date-only.html')).facts;
    const facts = read(fixture('getmsg.json'), HISTORY_URL, article).facts;
    expect(facts.displayName).toBe('湖畔街道办');
    expect(facts.posts?.map((p) => p.at)).toEqual([
      '2025-11-20T00:00:00+08:00',
      '2025-12-01T16:30:00+08:00',
      '2025-12-05T11:00:00+08:00',
      '2025-11-22T17:00:00+08:00',
    ]);
  });

  it('reports a history cut short as an unreadable page, never as fewer posts', () => {
    expect(observe('history-truncated.html', HISTORY_URL)).toMatchObject({ outcome: 'error', parseFailed: true, lastPostAt: null });
  });
});

describe('wechat adapter: pages that say nothing about silence', () => {
  it.each([
    ['captcha.html', 'blocked', /verification/],
    ['open-in-wechat.html', 'blocked', /logged-in WeChat client/],
    ['account-blocked.html', 'blocked', /blocked, deleted or migrated/],
    ['deleted-article.html', 'error', /deleted or withdrawn/],
  ])('%s gives %s with no activity, so the account stays unknown', (name, outcome, reason) => {
    const obs = observe(name);
    expect(obs).toMatchObject({ outcome, lastPostAt: null, postsCount: null, posts: [], parseFailed: false });
    expect(obs.error).toMatch(reason);
  });

  it('turns a notice served in place of the history page into a failed follow-up, not an empty history', () => {
    const article = read(fixture('article.html')).facts;
    expect(() => read(fixture('open-in-wechat.html'), HISTORY_URL, article)).toThrow(/logged-in WeChat client/);
  });

  it.each(['', '<html><body><p>服务器繁忙</p></body></html>', '{"ret":-3,"errmsg":"no session"}'])(
    'reports an empty or unknown page (%j) as an error, not as an account without posts',
    (body) => {
      const obs = parsePage('wechat', body, { url: ARTICLE_URL, now, timeZone });
      expect(obs.outcome).not.toBe('ok');
      expect(obs.lastPostAt).toBeNull();
    },
  );
});

describe('wechat adapter: an account watched through an RSS bridge the user runs', () => {
  const FEED_URL = 'http://127.0.0.1:1200/wechat/mp/MzU4MTIzNDU2Nw==';
  const viaFeed = (body: string) => parsePage('wechat', body, { url: FEED_URL, now, timeZone, options: { via: 'feed' } });

  it('asks the bridge for its feed, as a feed reader would', () => {
    expect(wechat.firstRequest(FEED_URL, { via: 'feed' })).toMatchObject({
      url: FEED_URL,
      accept: expect.stringContaining('application/rss+xml'),
    });
  });

  it('reads the newest article off the feed, and reports the account as WeChat', () => {
    const obs = viaFeed(fixture('bridge-feed.xml'));
    expect(obs).toMatchObject({ platform: 'wechat', outcome: 'ok', displayName: '湖畔街道办', lastPostAt: '2025-12-08T01:30:00+00:00' });
    expect(obs.posts).toHaveLength(2);
  });

  it('is unknown, never silent, when the bridge answers with something that is not a feed', () => {
    for (const body of [fixture('captcha.html'), '', '<rss version="2.0"><channel><title>湖畔街道办</title>']) {
      const obs = viaFeed(body);
      expect(obs.outcome, body.slice(0, 40)).not.toBe('ok');
      expect(obs.lastPostAt).toBeNull();
    }
  });
});
