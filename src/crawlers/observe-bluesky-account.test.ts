import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PageRequest } from '../platforms/adapter.ts';
import { requirePlatform } from '../platforms/parse-page.ts';
import type { FetchResult } from './fetch-result.ts';
import { observeAccount, planObservation, type PageSource } from './observe-account.ts';

const fixture = (name: string) => readFileSync(new URL(`../platforms/bluesky/fixtures/${name}`, import.meta.url), 'utf8');
const now = () => new Date('2025-07-20T00:00:00Z');

const PROFILE = 'https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=new-office.example.org';

/** Serves the profile, then answers every other request (the feed) with `feed`. */
function source(profile: string, feed: FetchResult): PageSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fetch: async (request: PageRequest) => {
      asked.push(request.url);
      if (request.url !== PROFILE) return feed;
      return { kind: 'page', page: { url: request.url, status: 200, contentType: 'application/json', body: profile } };
    },
  };
}

const plan = () =>
  planObservation(
    { platform: 'bluesky', url: 'https://bsky.app/profile/new-office.example.org', timeZone: 'UTC', options: {} },
    requirePlatform('bluesky'),
  );

describe('observing a Bluesky account', () => {
  it('fetches from the public AppView, so the host gate and politeness see that host', () => {
    expect(plan().host).toBe('public.api.bsky.app');
  });

  it('does not call an account that counts no posts empty when its feed could not be read', async () => {
    const refused: FetchResult = {
      kind: 'failure',
      outcome: 'blocked',
      httpStatus: 429,
      error: 'HTTP 429: the platform refused the request',
    };
    const pages = source(fixture('profile-no-posts.json'), refused);
    const obs = await observeAccount(plan(), pages, now);
    expect(pages.asked).toHaveLength(2);
    expect(obs).toMatchObject({ outcome: 'blocked', postsCount: null, lastPostAt: null });
  });

  it('calls it empty once the feed confirms the profile’s count of 0', async () => {
    const empty: FetchResult = {
      kind: 'page',
      page: { url: 'https://public.api.bsky.app/xrpc/feed', status: 200, contentType: null, body: '{"feed":[]}' },
    };
    const obs = await observeAccount(plan(), source(fixture('profile-no-posts.json'), empty), now);
    expect(obs).toMatchObject({ outcome: 'ok', postsCount: 0, followers: 3, error: null });
  });

  it('leaves an account with posts unjudged when its feed fails: the profile has no post time', async () => {
    const down: FetchResult = { kind: 'failure', outcome: 'error', httpStatus: 502, error: 'HTTP 502 from the platform' };
    const obs = await observeAccount(plan(), source(fixture('profile.json'), down), now);
    expect(obs).toMatchObject({ outcome: 'error', postsCount: null, lastPostAt: null });
  });
});
