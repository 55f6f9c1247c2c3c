import { z } from 'zod';
import { PageMismatchError } from '../../errors.ts';
import type { FetchedPage, PageReading, ParseContext, PlatformAdapter } from '../adapter.ts';
import { readAccount } from './account.ts';
import { accountLookupRequest } from './api-url.ts';
import { readStatuses } from './statuses.ts';

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
  optionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl) => accountLookupRequest(accountUrl),
  parse: parseMastodonPage,
};

/** Tells the two API answers apart by shape: a statuses list is an array, an account an object. */
function parseMastodonPage(page: FetchedPage, ctx: ParseContext<MastodonOptions>): PageReading {
  const json = parseJson(page.body);
  return Array.isArray(json) ? readStatuses(json, ctx) : readAccount(json, page, ctx);
}

function parseJson(body: string): unknown {
  const text = body.trim();
  if (text.startsWith('<')) throw new PageMismatchError('the server sent an HTML page instead of the JSON API answer');
  try {
    return JSON.parse(text);
  } catch {
    throw new PageMismatchError('the API answer is not complete JSON (truncated or not JSON at all)');
  }
}
