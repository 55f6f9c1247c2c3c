import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PageRequest } from '../platforms/adapter.ts';
import { requirePlatform } from '../platforms/parse-page.ts';
import type { FetchResult } from './fetch-result.ts';
import { observeAccount, planObservation, type PageSource, type PlannedObservation } from './observe-account.ts';
import { testAdapter } from '../../tests/support/test-adapter.ts';

const telegramPage = readFileSync(new URL('../platforms/telegram/fixtures/channel.html', import.meta.url), 'utf8');
const now = () => new Date('2026-06-01T00:00:00Z');

/** A page source that serves fixed answers by URL and records what was asked. */
function source(answers: Record<string, FetchResult>): PageSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fetch: async (request: PageRequest) => {
      asked.push(request.url);
      return answers[request.url] ?? { kind: 'failure', outcome: 'not_found', httpStatus: 404, error: 'HTTP 404' };
    },
  };
}

const page = (url: string, body: string): FetchResult => ({ kind: 'page', page: { url, status: 200, contentType: 'text/html', body } });
const target = (url: string, platform = 'telegram'): PlannedObservation =>
  planObservation({ platform, url, timeZone: 'UTC', options: {} }, requirePlatform(platform));

describe('observeAccount', () => {
  it('reads the platform’s usual page for an account', async () => {
    const pages = source({ 'https://t.example/s/newsroom': page('https://t.example/s/newsroom', telegramPage) });
    const obs = await observeAccount(target('https://t.example/newsroom'), pages, now);
    expect(obs.outcome).toBe('ok');
    expect(pages.asked).toEqual(['https://t.example/s/newsroom']);
  });

  it('falls back to the URL as given when the usual path is not there (a server with its own paths)', async () => {
    const pages = source({ 'http://127.0.0.1:8000/newsroom': page('http://127.0.0.1:8000/newsroom', telegramPage) });
    const obs = await observeAccount(target('http://127.0.0.1:8000/newsroom'), pages, now);
    expect(pages.asked).toEqual(['http://127.0.0.1:8000/s/newsroom', 'http://127.0.0.1:8000/newsroom']);
    expect(obs.outcome).toBe('ok');
    expect(obs.url).toBe('http://127.0.0.1:8000/newsroom');
  });

  it('reports not_found when neither the usual path nor the URL as given exists', async () => {
    const pages = source({});
    const obs = await observeAccount(target('http://127.0.0.1:8000/gone'), pages, now);
    expect(obs.outcome).toBe('not_found');
    expect(pages.asked).toHaveLength(2);
  });

  it('turns a block page into blocked, never into an account without posts', async () => {
    const captcha = readFileSync(new URL('../platforms/telegram/fixtures/captcha.html', import.meta.url), 'utf8');
    const obs = await observeAccount(
      target('https://t.example/newsroom'),
      source({ 'https://t.example/s/newsroom': page('https://t.example/s/newsroom', captcha) }),
      now,
    );
    expect(obs.outcome).toBe('blocked');
    expect(obs.postsCount).toBeNull();
    expect(obs.lastPostAt).toBeNull();
  });

  it('keeps the account page when a follow-up page fails, and says so', async () => {
    const account = JSON.stringify({
      id: '7',
      username: 'weather',
      acct: 'weather',
      display_name: 'Weather',
      followers_count: 10,
      statuses_count: 3,
      last_status_at: '2026-05-20',
    });
    const pages = source({
      'https://m.example/api/v1/accounts/lookup?acct=weather': {
        kind: 'page',
        page: { url: 'https://m.example/api/v1/accounts/lookup?acct=weather', status: 200, contentType: 'application/json', body: account },
      },
      'https://m.example/api/v1/accounts/7/statuses?limit=20&exclude_replies=false': {
        kind: 'failure',
        outcome: 'error',
        httpStatus: 503,
        error: 'HTTP 503 from the platform',
      },
    });
    const obs = await observeAccount(target('https://m.example/@weather', 'mastodon'), pages, now);
    expect(obs).toMatchObject({ outcome: 'ok', lastPostAt: '2026-05-20T00:00:00+00:00', lastPostPrecision: 'day' });
    expect(obs.error).toContain('follow-up page not read');
  });

  it('plans the look with the adapter given, and names the host of its first request', () => {
    expect(target('https://t.example/newsroom')).toMatchObject({
      host: 't.example',
      firstRequest: { url: 'https://t.example/s/newsroom', fallbackUrl: 'https://t.example/newsroom' },
    });
    expect(target('https://m.example:8443/@weather', 'mastodon').host).toBe('m.example:8443');
  });

  it('observes with the adapter it is given, whatever the registry holds', async () => {
    const unregistered = testAdapter({
      id: 'unregistered',
      firstRequest: (url) => ({ url: `${url}/profile` }),
      parse: () => ({ facts: { followers: 7, followersApproximate: false } }),
    });
    const plan = planObservation({ platform: 'unregistered', url: 'https://u.example/me', timeZone: 'UTC', options: {} }, unregistered);
    const pages = source({ 'https://u.example/me/profile': page('https://u.example/me/profile', '{}') });
    const obs = await observeAccount(plan, pages, now);
    expect(pages.asked).toEqual(['https://u.example/me/profile']);
    expect(obs).toMatchObject({ outcome: 'ok', followers: 7, platform: 'unregistered' });
  });
});

describe('observeAccount: a look over several pages', () => {
  /** An adapter that walks four pages, handing a key read from each answer to the parse of the next. */
  const chain = testAdapter({
    id: 'chain',
    firstRequest: (url) => ({ url: `${url}/1`, headers: { referer: url } }),
    parse: (fetched, ctx) => {
      const step = Number(fetched.url.slice(-1));
      const keys = `${ctx.carry?.keys ?? ''}${fetched.body}`;
      const next = step < 4 ? { url: fetched.url.replace(/\d$/, String(step + 1)), carry: { keys } } : undefined;
      return { facts: { followers: keys.length, followersApproximate: false }, ...(next ? { next } : {}) };
    },
  });

  it('reads up to four pages, each parse given what the request before it carried', async () => {
    const requests: PageRequest[] = [];
    const pages: PageSource = {
      fetch: async (request) => {
        requests.push(request);
        return page(request.url, request.url.slice(-1));
      },
    };
    const plan = planObservation({ platform: 'chain', url: 'https://c.example', timeZone: 'UTC', options: {} }, chain);
    const obs = await observeAccount(plan, pages, now);
    expect(requests.map((r) => r.url)).toEqual([
      'https://c.example/1',
      'https://c.example/2',
      'https://c.example/3',
      'https://c.example/4',
    ]);
    expect(requests[0]?.headers).toEqual({ referer: 'https://c.example' });
    expect(requests.map((r) => r.carry?.keys)).toEqual([undefined, '1', '12', '123']);
    expect(obs).toMatchObject({ outcome: 'ok', followers: 4 });
  });
});

describe('observeAccount: a first page that is evidence only with its follow-up (a WeChat article)', () => {
  const wechatFixture = (name: string) => readFileSync(new URL(`../platforms/wechat/fixtures/${name}`, import.meta.url), 'utf8');
  const ARTICLE = 'https://mp.weixin.qq.com/s/Hx7aQ2kLmN0pRsT4uVwXyZ';
  const HISTORY = 'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzU4MTIzNDU2Nw%3D%3D';

  it('reads the newest post off the history page the article leads to', async () => {
    const pages = source({
      [ARTICLE]: page(
        ARTICLE,
        wechatFixture('article-date-only.html').replace('var nickname', 'var biz = "MzU4MTIzNDU2Nw==";\nvar nickname'),
      ),
      [HISTORY]: page(HISTORY, wechatFixture('history-profile-ext.html')),
    });
    const obs = await observeAccount(target(ARTICLE, 'wechat'), pages, now);
    expect(pages.asked).toEqual([ARTICLE, HISTORY]);
    expect(obs).toMatchObject({ outcome: 'ok', lastPostAt: '2025-12-05T03:00:00+00:00', displayName: '湖畔街道办', error: null });
  });

  it('fails the look when the history page asks for the WeChat app, rather than reporting the old article as the newest post', async () => {
    const pages = source({
      [ARTICLE]: page(ARTICLE, wechatFixture('article.html')),
      [HISTORY]: page(HISTORY, wechatFixture('open-in-wechat.html')),
    });
    const obs = await observeAccount(target(ARTICLE, 'wechat'), pages, now);
    expect(obs).toMatchObject({ outcome: 'blocked', lastPostAt: null, posts: [] });
    expect(obs.error).toMatch(/only that article’s date.*logged-in WeChat client/);
  });

  it('fails the look when the history page cannot be fetched, or the article names no account to follow', async () => {
    const unreachable = await observeAccount(
      target(ARTICLE, 'wechat'),
      source({ [ARTICLE]: page(ARTICLE, wechatFixture('article.html')) }),
      now,
    );
    expect(unreachable).toMatchObject({ outcome: 'not_found', lastPostAt: null });
    const noAccount = await observeAccount(
      target(ARTICLE, 'wechat'),
      source({ [ARTICLE]: page(ARTICLE, wechatFixture('article-date-only.html')) }),
      now,
    );
    expect(noAccount).toMatchObject({ outcome: 'error', lastPostAt: null });
    expect(noAccount.error).toMatch(/only that article’s date/);
  });
});
