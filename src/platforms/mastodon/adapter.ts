import { z } from 'zod';
import { withFallback, type FetchedPage, type PageReading, type ParseContext, type PlatformAdapter } from '../adapter.ts';
import { readAccount } from './account.ts';
import { accountLookupRequest } from './api-url.ts';
import { readStatuses } from './statuses.ts';
import { parseJson } from '../json-answer.ts';

const optionsSchema = z.strictObject({});

/** Mastodon takes no per-account options: the account URL says everything. */
export type MastodonOptions = z.infer<typeof optionsSchema>;

/**
 * Mastodon (and servers speaking its API) through the public REST API: the account lookup gives
 * name, counts and the day of the last post; the statuses list then gives exact post times.
 */
export const mastodon: PlatformAdapter<MastodonOptions> = {
  id: 'mastodon',
  title: 'Mastodon',
  about: {
    reads: { name: true, followers: true, postsCount: true, lastPost: true },
    urlForms: ['https://<server>/@<user>', 'https://<server>/@<user>@<remote server>', 'https://<server>/users/<user>'],
    fetchers: ['http'],
    requiredSettings: [],
    politeness: { 'mastodon.social': { maxConcurrency: 2, minDelayMs: 1000 } },
  },
  optionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl) => withFallback(accountLookupRequest(accountUrl), accountUrl),
  parse: parseMastodonPage,
};

/**
 * Tells the API answers apart by shape: a statuses list is an array, an account an object.
 * A single status (GET /api/v1/statuses/:id, saved for debugging) reads as a list of one.
 */
function parseMastodonPage(page: FetchedPage, ctx: ParseContext<MastodonOptions>): PageReading {
  const json = parseJson(page.body);
  if (Array.isArray(json)) return readStatuses(json, ctx);
  return isStatus(json) ? readStatuses([json], ctx) : readAccount(json, page, ctx);
}

function isStatus(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'created_at' in json && 'account' in json && !('username' in json);
}
