import { z } from 'zod';
import type { FetchedPage, PageReading, ParseContext, PlatformAdapter } from '../adapter.ts';
import { profileRequest } from './api-url.ts';
import { readAuthorFeed } from './author-feed.ts';
import { isRecord, parseJson } from '../json-answer.ts';
import { readProfile } from './profile.ts';

const optionsSchema = z.strictObject({});

/** Bluesky takes no per-account options: the account URL names the handle or DID. */
export type BlueskyOptions = z.infer<typeof optionsSchema>;

/**
 * Bluesky through the public AppView API, which needs no login: `getProfile` gives name,
 * follower and post counts; `getAuthorFeed` then gives the newest posts with their times.
 */
export const bluesky: PlatformAdapter<BlueskyOptions> = {
  id: 'bluesky',
  title: 'Bluesky',
  about: {
    reads: { name: true, followers: true, postsCount: true, lastPost: true },
    urlForms: ['https://bsky.app/profile/<handle>', 'https://bsky.app/profile/<did>'],
    fetchers: ['http'],
    requiredSettings: [],
    politeness: { 'public.api.bsky.app': { maxConcurrency: 2, minDelayMs: 200 } },
  },
  optionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl) => profileRequest(accountUrl),
  parse: parseBlueskyPage,
};

/** Tells the two answers apart by shape: a feed has a `feed` list, anything else must be a profile. */
function parseBlueskyPage(page: FetchedPage, ctx: ParseContext<BlueskyOptions>): PageReading {
  const json = parseJson(page.body);
  if (isRecord(json) && 'feed' in json) return readAuthorFeed(json, page, ctx);
  return readProfile(json, page);
}
