import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import type { FetchedPage, ParseContext } from '../adapter.ts';
import { okObservation, parsePage, readPage } from '../parse-page.ts';
import { youtube } from './adapter.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const NOW = new Date('2026-03-10T12:00:00Z');
const CHANNEL_ID = 'UCq3Fz8pKmN2xW7vR1tY5bHd';
const PAGE_URL = 'https://www.youtube.com/@harbourweather/videos';
const FEED_URL = `https://www.youtube.com/feeds/videos.xml?channel_id=${CHANNEL_ID}`;

function page(body: string, url = PAGE_URL): FetchedPage {
  return { url, status: 200, contentType: url === FEED_URL ? 'application/atom+xml' : 'text/html', body };
}

function ctx(previous?: PageFacts): ParseContext<Record<string, never>> {
  return { now: NOW, timeZone: 'UTC', options: {}, ...(previous ? { previous } : {}) };
}

/** The two pages the crawler fetches: the channel's Videos tab, then the uploads feed with the page's facts. */
function observeChannelThenFeed(pageBody: string, feedBody: string) {
  const first = youtube.parse(page(pageBody), ctx());
  expect(first.next).toEqual({ url: FEED_URL, accept: expect.stringContaining('application/atom+xml') });
  const second = youtube.parse(page(feedBody, FEED_URL), ctx(first.facts));
  return okObservation({ platform: 'youtube', url: PAGE_URL, fetchedAt: NOW, httpStatus: 200 }, second.facts);
}

const parseAlone = (name: string, url = PAGE_URL) => parsePage('youtube', fixture(name), { url, now: NOW, timeZone: 'UTC' });

describe('youtube.firstRequest', () => {
  it.each([
    ['https://www.youtube.com/@harbourweather', 'https://www.youtube.com/@harbourweather/videos'],
    ['https://www.youtube.com/@harbourweather/featured', 'https://www.youtube.com/@harbourweather/videos'],
    [`https://www.youtube.com/channel/${CHANNEL_ID}`, `https://www.youtube.com/channel/${CHANNEL_ID}/videos`],
    [`https://www.youtube.com/channel/${CHANNEL_ID}/`, `https://www.youtube.com/channel/${CHANNEL_ID}/videos`],
    ['https://www.youtube.com/c/HarbourWeather', 'https://www.youtube.com/c/HarbourWeather/videos'],
    ['https://www.youtube.com/user/harbourweather/videos', 'https://www.youtube.com/user/harbourweather/videos'],
    ['http://127.0.0.1:8080/@harbourweather', 'http://127.0.0.1:8080/@harbourweather/videos'],
  ])('reads the Videos tab on the same origin for %s, falling back to the URL itself on 404', (accountUrl, url) => {
    const request = youtube.firstRequest(accountUrl, {});
    expect(request.url).toBe(url);
    expect(request.fallbackUrl).toBe(url === accountUrl ? undefined : accountUrl);
  });

  it('takes a bare channel id or @handle as a channel on www.youtube.com', () => {
    expect(youtube.firstRequest(CHANNEL_ID, {}).url).toBe(`https://www.youtube.com/channel/${CHANNEL_ID}/videos`);
    expect(youtube.firstRequest('@harbourweather', {}).url).toBe('https://www.youtube.com/@harbourweather/videos');
    expect(youtube.firstRequest('@海港气象', {}).url).toBe('https://www.youtube.com/@%E6%B5%B7%E6%B8%AF%E6%B0%94%E8%B1%A1/videos');
  });

  it('reads an uploads feed URL as given, with a feed Accept header', () => {
    const request = youtube.firstRequest(FEED_URL, {});
    expect(request).toMatchObject({ url: FEED_URL, accept: expect.stringContaining('application/atom+xml') });
  });

  it('fetches other paths as given: a proxy route or a saved page', () => {
    expect(youtube.firstRequest('http://127.0.0.1:8000/saved/channel.html', {}).url).toBe('http://127.0.0.1:8000/saved/channel.html');
  });

  it.each(['not a channel', 'UCtooShort', 'ftp://www.youtube.com/@harbourweather'])('rejects %s with a clear error', (account) => {
    expect(() => youtube.firstRequest(account, {})).toThrow(InvalidInputError);
  });

  it('takes no options', () => {
    expect(youtube.optionsSchema.safeParse({ limit: 5 }).success).toBe(false);
  });
});

describe('youtube channel page', () => {
  it('reads name, rounded subscribers, video count and the Videos tab, then asks for the uploads feed', () => {
    const reading = youtube.parse(page(fixture('channel-videos.html')), ctx());
    expect(reading.facts).toMatchObject({
      displayName: 'Harbour City Weather Office',
      followers: 1_200_000,
      followersApproximate: true,
      postsCount: 412,
    });
    expect(reading.facts.posts?.map((p) => [p.id, p.at, p.precision])).toEqual([
      ['yt:video:aB3dE5fG7hJ', '2026-03-08T00:00:00+00:00', 'day'],
      ['yt:video:kL9mN1pQ3rS', '2026-03-03T00:00:00+00:00', 'week'],
      ['yt:video:tU5vW7xY9zA', '2026-02-17T00:00:00+00:00', 'week'],
    ]);
    expect(reading.facts.posts?.[0]?.url).toBe('https://www.youtube.com/watch?v=aB3dE5fG7hJ');
    expect(reading.next?.url).toBe(FEED_URL);
  });

  it('asks for the feed on the origin that served the page', () => {
    const reading = youtube.parse(page(fixture('channel-videos.html'), 'http://127.0.0.1:8080/@harbourweather/videos'), ctx());
    expect(reading.next?.url).toBe(`http://127.0.0.1:8080/feeds/videos.xml?channel_id=${CHANNEL_ID}`);
  });

  it('reads the mobile site, which embeds ytInitialData as an escaped string', () => {
    const reading = youtube.parse(page(fixture('channel-mobile.html'), 'https://m.youtube.com/@harbourweather/videos'), ctx());
    expect(reading.facts).toMatchObject({
      displayName: 'Harbour City "Weather" Office’s channel',
      followers: 1_200_000,
      postsCount: 412,
    });
    expect(reading.facts.posts).toHaveLength(3);
    expect(reading.next?.url).toBe(`https://m.youtube.com/feeds/videos.xml?channel_id=${CHANNEL_ID}`);
  });

  it('reads a Chinese header ("13.9万位订阅者", "86个视频")', () => {
    const { facts } = youtube.parse(page(fixture('channel-zh.html')), ctx());
    expect(facts).toMatchObject({ displayName: '海港市气象台', followers: 139_000, followersApproximate: true, postsCount: 86 });
    expect(facts.posts?.[0]?.at).toBe('2026-03-08T00:00:00+00:00');
  });

  it('reads the youtubei browse answer with the older c4TabbedHeaderRenderer ("2.5 crore subscribers")', () => {
    const reading = youtube.parse(page(fixture('browse-c4-header.json'), 'https://www.youtube.com/youtubei/v1/browse'), ctx());
    expect(reading.facts).toMatchObject({ followers: 25_000_000, followersApproximate: true, postsCount: 1024 });
    expect(reading.next?.url).toBe(FEED_URL);
  });

  it('leaves followers unknown when the channel hides its subscriber count, and still reads the newest upload', () => {
    const obs = observeChannelThenFeed(fixture('channel-hidden-subscribers.html'), fixture('uploads.xml'));
    expect(obs).toMatchObject({ outcome: 'ok', followers: null, followersApproximate: null, postsCount: 412 });
    expect(obs.lastPostAt).toBe('2026-03-09T06:12:40+00:00');
  });
});

describe('youtube channel page, then uploads feed', () => {
  it('takes the newest upload exactly from the feed, and each video once', () => {
    const obs = observeChannelThenFeed(fixture('channel-videos.html'), fixture('uploads.xml'));
    expect(obs).toMatchObject({
      outcome: 'ok',
      displayName: 'Harbour City Weather Office',
      followers: 1_200_000,
      followersApproximate: true,
      postsCount: 412,
      // A Short: in the feed, not on the Videos tab.
      lastPostAt: '2026-03-09T06:12:40+00:00',
      lastPostPrecision: 'second',
      lastPostUrl: 'https://www.youtube.com/shorts/cD4eF6gH8iJ',
      lastPostExcerpt: 'Rain gauge in 30 seconds',
    });
    const briefing = obs.posts.filter((p) => p.id === 'yt:video:aB3dE5fG7hJ');
    // `published`, not the later `updated`.
    expect(briefing).toEqual([expect.objectContaining({ at: '2026-03-08T02:30:15+00:00', precision: 'second' })]);
    expect(obs.posts).toHaveLength(4);
  });

  it('reads a channel without uploads as having none when its page lists none and its feed is empty', () => {
    const obs = observeChannelThenFeed(fixture('channel-no-uploads.html'), fixture('uploads-empty.xml'));
    expect(obs).toMatchObject({ outcome: 'ok', followers: 3, followersApproximate: false, postsCount: 0, lastPostAt: null });
  });

  it('does not read an empty feed as silence when the channel page lists videos', () => {
    const first = youtube.parse(page(fixture('channel-videos.html')), ctx());
    expect(() => youtube.parse(page(fixture('uploads-empty.xml'), FEED_URL), ctx(first.facts))).toThrow(PageMismatchError);
    const read = readPage(youtube, page(fixture('uploads-empty.xml'), FEED_URL), ctx(first.facts));
    expect(read).toMatchObject({ ok: false, outcome: 'error' });
  });

  it('reads the feed alone when the account is the feed URL', () => {
    const obs = parseAlone('uploads.xml', FEED_URL);
    expect(obs).toMatchObject({ outcome: 'ok', displayName: 'Harbour City Weather Office', lastPostAt: '2026-03-09T06:12:40+00:00' });
  });
});

describe('youtube pages that say nothing about activity', () => {
  it('calls the cookie consent page blocked, wherever it is served', () => {
    expect(parseAlone('consent.html')).toMatchObject({ outcome: 'blocked', lastPostAt: null, postsCount: null });
    const redirected = parseAlone(
      'consent.html',
      'https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2F%40harbourweather',
    );
    expect(redirected).toMatchObject({ outcome: 'blocked', lastPostAt: null });
  });

  it.each([
    ['no-initial-data.html', /ytInitialData/],
    ['channel-moved-header.html', /channel header/],
  ])('reads %s as an error of a changed or unknown page, never as an inactive channel', (name, why) => {
    const obs = parseAlone(name);
    expect(obs).toMatchObject({ outcome: 'error', parseFailed: true, lastPostAt: null, postsCount: null, followers: null });
    expect(obs.error).toMatch(why);
  });

  it('reads YouTube’s "This channel does not exist" answer as not_found, never as an inactive channel', () => {
    const obs = parseAlone('browse-channel-not-found.json');
    expect(obs).toMatchObject({ outcome: 'not_found', parseFailed: false, lastPostAt: null, postsCount: null, followers: null });
    expect(obs.error).toMatch(/This channel does not exist/);
  });

  it('reads any other notice in place of the channel as an error', () => {
    const body = fixture('browse-channel-not-found.json').replace('This channel does not exist.', 'Something went wrong.');
    const obs = parsePage('youtube', body, { url: PAGE_URL, now: NOW, timeZone: 'UTC' });
    expect(obs).toMatchObject({ outcome: 'error', parseFailed: true, lastPostAt: null });
    expect(obs.error).toMatch(/Something went wrong/);
  });

  it.each([
    ['a page cut off inside ytInitialData', fixture('channel-videos.html').slice(0, 900)],
    ['a mobile page cut off inside ytInitialData', fixture('channel-mobile.html').slice(0, 900)],
    ['an empty body', ''],
    ['a feed cut off mid-entry', fixture('uploads.xml').slice(0, 1500)],
  ])('reads %s as an error', (_, body) => {
    const obs = parsePage('youtube', body, { url: PAGE_URL, now: NOW, timeZone: 'UTC' });
    expect(obs).toMatchObject({ outcome: 'error', lastPostAt: null, postsCount: null });
  });
});
