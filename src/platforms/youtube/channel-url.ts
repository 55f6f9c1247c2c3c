import { InvalidInputError } from '../../domain/errors.ts';
import type { PageRequest } from '../adapter.ts';

/** Where YouTube serves channels when the user gives only an id or a handle. */
const YOUTUBE_ORIGIN = 'https://www.youtube.com';

/** Channel ids: "UC" and 22 URL-safe base64 characters. */
export const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;

/** Handles: letters, digits, dots, dashes and underscores after the "@" (YouTube allows 3–30). */
const HANDLE = /^@[\p{L}\p{N}._-]{1,100}$/u;

/**
 * The channel page paths YouTube has used: `/channel/UC…`, `/@handle`, `/c/name`, `/user/name`,
 * each optionally followed by a tab (`/videos`, `/featured`, …).
 */
const CHANNEL_PATH = /^\/(?:(channel|c|user)\/([^/]+)|(@[^/]+))(?:\/[^/]*)?\/?$/;

const HTML_ACCEPT = 'text/html,application/xhtml+xml';
export const FEED_ACCEPT = 'application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/**
 * The first page of a channel: its Videos tab, which carries the header (name, subscribers,
 * video count) and the newest uploads with their ages, on the origin the account URL names.
 * A bare channel id or `@handle` is looked up on www.youtube.com; an uploads feed URL is
 * read as given, as is any other path (a mirror's route, a saved page on a test server).
 */
export function channelRequest(account: string): PageRequest {
  const text = account.trim();
  if (CHANNEL_ID.test(text)) return { url: `${YOUTUBE_ORIGIN}/channel/${text}/videos`, accept: HTML_ACCEPT };
  if (HANDLE.test(text)) return { url: `${YOUTUBE_ORIGIN}/${encodeURIComponent(text).replace(/^%40/, '@')}/videos`, accept: HTML_ACCEPT };
  const url = parseUrl(text);
  if (url.pathname === '/feeds/videos.xml') return { url: url.href, accept: FEED_ACCEPT };
  const match = CHANNEL_PATH.exec(url.pathname);
  if (!match) return { url: url.href, accept: HTML_ACCEPT };
  const [, kind, name, handle] = match;
  const path = handle ?? `${kind}/${name}`;
  return { url: `${url.origin}/${path.replace(/^\//, '')}/videos`, accept: HTML_ACCEPT };
}

/** The channel's uploads feed, on the origin the channel page came from. */
export function uploadsFeedRequest(pageUrl: string, channelId: string): PageRequest {
  return { url: `${new URL(pageUrl).origin}/feeds/videos.xml?channel_id=${encodeURIComponent(channelId)}`, accept: FEED_ACCEPT };
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError('not a YouTube channel', [
      { field: 'url', message: `"${text.slice(0, 80)}" is neither a URL, a channel id (UC…) nor an @handle` },
    ]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError('not a YouTube channel', [{ field: 'url', message: 'only http and https URLs can be fetched' }]);
  }
  return url;
}
