import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import type { FetchedPage, ParseContext } from '../adapter.ts';
import { okObservation, parsePage, readPage } from '../parse-page.ts';
import { bluesky } from './adapter.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const NOW = new Date('2025-07-20T00:00:00Z');
const DID = 'did:plc:k3wq7fixturewea7herxyz2';
const PROFILE_URL = 'https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=weather.example.org';
const FEED_QUERY = `actor=${encodeURIComponent(DID)}&limit=20&filter=posts_with_replies&includePins=true`;
const FEED_URL = `https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?${FEED_QUERY}`;

function page(body: string, url = PROFILE_URL): FetchedPage {
  return { url, status: 200, contentType: 'application/json', body };
}

function ctx(previous?: PageFacts): ParseContext<Record<string, never>> {
  return { now: NOW, timeZone: 'Asia/Shanghai', options: {}, ...(previous ? { previous } : {}) };
}

/** The two-page flow the crawler runs: profile, then the author feed with the profile's facts. */
function profileThenFeed(profileBody: string, feedBody: string) {
  const first = bluesky.parse(page(profileBody), ctx());
  const feedUrl = first.next?.url ?? '';
  const second = bluesky.parse(page(feedBody, feedUrl), ctx(first.facts));
  return { first, observation: okObservation({ platform: 'bluesky', url: PROFILE_URL, fetchedAt: NOW, httpStatus: 200 }, second.facts) };
}

/** What the profile of an account with posts becomes when its feed answers with `feed`. */
function withFeed(feed: unknown) {
  const first = bluesky.parse(page(fixture('profile.json')), ctx());
  return () => bluesky.parse(page(JSON.stringify(feed), FEED_URL), ctx(first.facts));
}

const feedItems = () => (JSON.parse(fixture('author-feed.json')) as { feed: Record<string, unknown>[] }).feed;

describe('bluesky.firstRequest', () => {
  it.each([
    [
      'https://bsky.app/profile/weather.example.org',
      'https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=weather.example.org',
    ],
    [
      'https://bsky.app/profile/Weather.Example.org/',
      'https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=weather.example.org',
    ],
    [`https://bsky.app/profile/${DID}`, `https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=${encodeURIComponent(DID)}`],
    [
      'https://bsky.app/profile/weather.example.org/post/3lueyellow4m2',
      'https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=weather.example.org',
    ],
    [
      'https://www.bsky.app/profile/weather.example.org',
      'https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=weather.example.org',
    ],
    ['http://127.0.0.1:8080/profile/weather.example.org', 'http://127.0.0.1:8080/xrpc/app.bsky.actor.getProfile?actor=weather.example.org'],
  ])('asks getProfile for %s (bsky.app through the public AppView, other hosts on their own origin)', (accountUrl, apiUrl) => {
    expect(bluesky.firstRequest(accountUrl, {})).toEqual({ url: apiUrl, accept: 'application/json' });
  });

  it.each(['https://appview.example/xrpc/app.bsky.actor.getProfile?actor=weather.example.org', 'http://127.0.0.1:8000/saved/profile.json'])(
    'fetches %s as given: an API request already, or a route of a host that is not bsky.app',
    (url) => {
      expect(bluesky.firstRequest(url, {})).toEqual({ url, accept: 'application/json' });
    },
  );

  it.each(['https://bsky.app/', 'https://bsky.app/search?q=weather', 'https://bsky.app/profile/not_a_handle', 'not a url'])(
    'rejects %s: not a profile of a handle or a DID',
    (url) => {
      expect(() => bluesky.firstRequest(url, {})).toThrow(InvalidInputError);
    },
  );

  it('takes no options', () => {
    expect(bluesky.optionsSchema.safeParse({ limit: 5 }).success).toBe(false);
    expect(bluesky.fetcher({})).toBe('http');
  });
});

describe('bluesky profile, then author feed', () => {
  it('reads name and counts from the profile and asks for the feed by DID on the origin that answered', () => {
    const reading = bluesky.parse(page(fixture('profile.json')), ctx());
    expect(reading.facts).toEqual({ displayName: 'City Weather Office', followers: 12873, followersApproximate: false, postsCount: 342 });
    expect(reading.next).toEqual({ url: FEED_URL, accept: 'application/json' });
  });

  it('takes the newest post by time: the pinned post at the top counts by its own date, the repost by when it was reposted', () => {
    const { observation } = profileThenFeed(fixture('profile.json'), fixture('author-feed.json'));
    expect(observation).toMatchObject({ outcome: 'ok', displayName: 'City Weather Office', followers: 12873, postsCount: 342 });
    const [pinned, repost, reply, own] = observation.posts;
    expect(pinned).toMatchObject({ pinned: true, repost: false, at: '2024-11-02T09:00:00+00:00' });
    expect(repost).toMatchObject({
      id: `at://${DID}/app.bsky.feed.repost/3lurepost7kq2`,
      repost: true,
      pinned: false,
      at: '2025-07-19T10:00:03.441+00:00',
      url: 'https://bsky.app/profile/did:plc:m9ot7herfixtureacct5abc/post/3luharbour22x',
    });
    expect(reply).toMatchObject({
      repost: false,
      at: '2025-07-18T08:15:02.331+00:00',
      excerpt: 'Yes, the warning covers the coast as well.',
    });
    expect(own).toMatchObject({
      at: '2025-07-17T18:30:45.009+00:00',
      excerpt: 'Yellow wind warning from 06:00 tomorrow. Gusts up to 90 km/h near the coast.',
      url: `https://bsky.app/profile/${DID}/post/3lueyellow4m2`,
    });
    expect(observation.lastPostAt).toBe('2025-07-19T10:00:03.441+00:00');
  });

  it('dates a pinned post by its own time even when it is the only thing in the feed', () => {
    const [pinned] = feedItems();
    const facts = withFeed({ feed: [pinned] })().facts;
    expect(facts.posts).toEqual([expect.objectContaining({ pinned: true, at: '2024-11-02T09:00:00+00:00' })]);
  });

  it('dates a post whose record claims a time after the AppView saw it by the AppView’s time, never in the future', () => {
    const item = feedItems()[3] as { post: { record: { createdAt: string } } };
    item.post.record.createdAt = '2031-01-01T00:00:00.000Z';
    expect(withFeed({ feed: [item] })().facts.posts?.[0]?.at).toBe('2025-07-17T18:30:45.377+00:00');
  });

  it('reads a feed on its own, naming the account from its own posts', () => {
    const obs = parsePage('bluesky', fixture('author-feed.json'), { url: FEED_URL, now: NOW });
    expect(obs).toMatchObject({ outcome: 'ok', displayName: 'City Weather Office', followers: null, postsCount: null });
    expect(obs.posts).toHaveLength(5);
  });
});

describe('bluesky accounts without posts', () => {
  it('shows an account as never having posted only when the profile counts 0 and the feed is an empty list', () => {
    const { first, observation } = profileThenFeed(fixture('profile-no-posts.json'), fixture('author-feed-empty.json'));
    // Until the feed confirms it, the profile's 0 is not stated: a failed feed must leave nothing to judge by.
    expect(first.facts.postsCount).toBeUndefined();
    expect(first.next?.url).toContain('app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3An0postsfixtureacct7xyz1');
    expect(observation).toMatchObject({ outcome: 'ok', displayName: 'New Office', followers: 3, postsCount: 0, lastPostAt: null });
  });

  it('trusts the posts over a profile count of 0 that has not caught up', () => {
    const feed = fixture('author-feed.json').replaceAll(DID, 'did:plc:n0postsfixtureacct7xyz1');
    const { observation } = profileThenFeed(fixture('profile-no-posts.json'), feed);
    expect(observation.postsCount).toBeNull();
    expect(observation.posts).toHaveLength(5);
  });

  it('refuses an empty feed when the profile counts posts', () => {
    expect(withFeed({ feed: [] })).toThrow(/the feed is empty but the profile counts 342 posts/);
  });

  it('refuses an empty feed read on its own: nothing says the account has no posts', () => {
    const obs = parsePage('bluesky', fixture('author-feed-empty.json'), { url: FEED_URL, now: NOW });
    expect(obs).toMatchObject({ outcome: 'error', parseFailed: true, postsCount: null, lastPostAt: null });
  });
});

describe('bluesky pages that say nothing about activity', () => {
  const readProfileBody = (body: string) => readPage(bluesky, page(body), ctx());

  it.each([
    ['an XRPC error answer', fixture('profile-not-found.json'), /error instead of a profile: "InvalidRequest: Profile not found"/],
    ['an HTML page', '<!doctype html><html><body><div id="root"></div></body></html>', /HTML page instead of the JSON/],
    ['an empty body', '', /not complete JSON/],
    ['truncated JSON', fixture('profile.json').slice(0, 300), /not complete JSON/],
    ['a profile without counts', JSON.stringify({ did: DID, handle: 'weather.example.org' }), /not a Bluesky profile/],
    ['a feed that is not a list', JSON.stringify({ feed: { items: [] } }), /no feed list/],
  ])('reads %s as a failed look, never as an account without posts', (_what, body, message) => {
    const read = readProfileBody(body);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.outcome).toBe('error');
      expect(read.error).toMatch(message);
    }
  });

  it('refuses a feed item that is by another account and not a repost: the feed is not this author’s', () => {
    const [, repost] = feedItems();
    expect(withFeed({ feed: [{ post: (repost as { post: unknown }).post }] })).toThrow(PageMismatchError);
  });

  it('refuses a feed item with a reason it does not know, rather than guess whose post it is', () => {
    const [, , , own] = feedItems();
    expect(withFeed({ feed: [{ ...own, reason: { $type: 'app.bsky.feed.defs#reasonSomethingNew' } }] })).toThrow(
      /reason this reader does not know/,
    );
  });

  it('refuses a repost without its time and a post without any readable time', () => {
    const [, repost, , own] = feedItems() as { post: Record<string, unknown>; reason?: Record<string, unknown> }[];
    delete repost!.reason!.indexedAt;
    expect(withFeed({ feed: [repost] })).toThrow(/repost without its time/);
    own!.post = { ...own!.post, record: { text: 'no time' }, indexedAt: 'soon' };
    expect(withFeed({ feed: [own] })).toThrow(/no readable createdAt or indexedAt/);
  });
});
