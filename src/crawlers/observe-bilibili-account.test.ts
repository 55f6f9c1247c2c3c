import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge } from '../activity/status.ts';
import { GOV_CN } from '../activity/policies.ts';
import type { PageRequest } from '../platforms/adapter.ts';
import { requirePlatform } from '../platforms/parse-page.ts';
import type { FetchResult } from './fetch-result.ts';
import { observeAccount, planObservation, type PageSource } from './observe-account.ts';

const fixture = (name: string) => readFileSync(new URL(`../platforms/bilibili/fixtures/${name}`, import.meta.url), 'utf8');
const now = () => new Date('2026-05-05T12:00:00Z');

const answer = (body: string): FetchResult => ({ kind: 'page', page: { url: '', status: 200, contentType: 'application/json', body } });

/** Serves each endpoint's answer by its path, as api.bilibili.com would; records what was asked. */
function source(answers: Partial<Record<'card' | 'nav' | 'uploads' | 'dynamics', FetchResult>>): PageSource & { asked: PageRequest[] } {
  const asked: PageRequest[] = [];
  const byPath: Record<string, keyof typeof answers> = {
    '/x/web-interface/card': 'card',
    '/x/web-interface/nav': 'nav',
    '/x/space/wbi/arc/search': 'uploads',
    '/x/polymer/web-dynamic/v1/feed/space': 'dynamics',
  };
  const served = {
    card: answer(fixture('card.json')),
    nav: answer(fixture('nav.json')),
    uploads: answer(fixture('uploads.json')),
    dynamics: answer(fixture('dynamics.json')),
    ...answers,
  };
  return {
    asked,
    fetch: async (request: PageRequest) => {
      asked.push(request);
      const result = served[byPath[new URL(request.url).pathname]!];
      return result.kind === 'page' ? { kind: 'page', page: { ...result.page, url: request.url } } : result;
    },
  };
}

const REFUSED: FetchResult = { kind: 'failure', outcome: 'blocked', httpStatus: 412, error: 'HTTP 412: the platform refused the request' };

const plan = () =>
  planObservation(
    { platform: 'bilibili', url: 'https://space.bilibili.com/4860321', timeZone: 'Asia/Shanghai', options: {} },
    requirePlatform('bilibili'),
  );

describe('observing a Bilibili account', () => {
  it('fetches from api.bilibili.com, so the host gate and politeness see that host', () => {
    expect(plan().host).toBe('api.bilibili.com');
  });

  it('reads card, keys, uploads and dynamics in one look, sending the space page’s Referer with each', async () => {
    const pages = source({});
    const obs = await observeAccount(plan(), pages, now);
    expect(pages.asked.map((r) => new URL(r.url).pathname)).toEqual([
      '/x/web-interface/card',
      '/x/web-interface/nav',
      '/x/space/wbi/arc/search',
      '/x/polymer/web-dynamic/v1/feed/space',
    ]);
    for (const request of pages.asked) expect(request.headers?.Referer).toBe('https://space.bilibili.com/4860321/');
    expect(obs).toMatchObject({ outcome: 'ok', followers: 52840, postsCount: 126, lastPostAt: '2026-05-03T18:02:28+08:00', error: null });
  });

  it.each([
    ['answered with risk control (-352)', answer(fixture('risk-control.json'))],
    ['refused with HTTP 412', REFUSED],
  ])('fails the look when the dynamics are %s, rather than date the account by its videos alone', async (_, refused) => {
    const obs = await observeAccount(plan(), source({ dynamics: refused }), now);
    expect(obs).toMatchObject({ outcome: 'blocked', lastPostAt: null, posts: [] });
    expect(obs.error).toMatch(/uploads list shows only videos/);
    expect(judge(obs, now(), GOV_CN).status).toBe('unknown');
  });

  it('fails the look when the signing keys cannot be read: the card alone dates nothing', async () => {
    const obs = await observeAccount(plan(), source({ nav: answer('<html><body>Service Unavailable</body></html>') }), now);
    expect(obs).toMatchObject({ outcome: 'error', followers: null, lastPostAt: null });
  });

  it('reads an account the card says does not exist as not found', async () => {
    const obs = await observeAccount(plan(), source({ card: answer(fixture('user-not-found.json')) }), now);
    expect(obs.outcome).toBe('not_found');
  });
});
