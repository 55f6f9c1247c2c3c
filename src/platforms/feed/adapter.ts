import { z } from 'zod';
import type { PlatformAdapter } from '../adapter.ts';
import { readFeed } from './read-feed.ts';

/** Per-account options for feeds. None yet; unknown keys are rejected so typos surface. */
export const feedOptionsSchema = z.object({}).strict();
export type FeedOptions = z.infer<typeof feedOptionsSchema>;

/** Feed formats first; JSON and generic XML rank lower because servers mislabel feeds with them. */
export const FEED_ACCEPT = [
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json;q=0.9',
  'application/xml;q=0.8',
  'text/xml;q=0.8',
  '*/*;q=0.5',
].join(', ');

/** Any RSS 2.0, RSS 1.0/RDF, Atom or JSON Feed URL: blogs, Mastodon `.rss`, YouTube channel feeds, RSSHub routes. */
export const feed: PlatformAdapter<FeedOptions> = {
  id: 'feed',
  title: 'RSS, Atom or JSON Feed',
  about: {
    reads: { name: true, followers: false, postsCount: false, lastPost: true },
    urlForms: ['RSS 2.0, RSS 1.0 (RDF) or Atom feed URL', 'JSON Feed URL'],
    fetchers: ['http'],
    requiredSettings: [],
    politeness: {},
  },
  optionsSchema: feedOptionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl) => ({ url: accountUrl, accept: FEED_ACCEPT }),
  parse: (page, ctx) => ({ facts: readFeed(page.body, { url: page.url, now: ctx.now, timeZone: ctx.timeZone }) }),
};
