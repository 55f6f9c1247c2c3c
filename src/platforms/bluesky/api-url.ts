import { InvalidInputError } from '../../domain/errors.ts';
import type { PageRequest } from '../adapter.ts';

const JSON_ACCEPT = 'application/json';

/**
 * The web client's host and the AppView Bluesky documents for unauthenticated reads. The web
 * client serves a script-built page, so its profile URLs are read through this API instead.
 */
const WEB_HOSTS = new Set(['bsky.app', 'www.bsky.app']);
const PUBLIC_APPVIEW = 'https://public.api.bsky.app';

const PROFILE_METHOD = '/xrpc/app.bsky.actor.getProfile';
const FEED_METHOD = '/xrpc/app.bsky.feed.getAuthorFeed';

/** Profile paths: `/profile/<handle or DID>`, optionally followed by more path (a post). */
const PROFILE_PATH = /^\/profile\/([^/]+)(?:\/.*)?$/;

/** A handle is a domain name (the atproto handle syntax). */
const HANDLE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/** The atproto DID syntax (did:plc:…, did:web:…). */
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;

/**
 * The first API request for a Bluesky account URL: `getProfile` for the handle or DID the URL
 * names. A bsky.app URL is read from the public AppView (the one change of host an adapter
 * makes: the web client has no data of its own); any other host that serves `/profile/<actor>`
 * (a mirror, a self-run AppView, a test server) is asked on its own origin. An `/xrpc/` URL is
 * already an API request and is kept as given, as is any other path on a host that is not
 * bsky.app.
 */
export function profileRequest(accountUrl: string): PageRequest {
  const url = parseUrl(accountUrl);
  if (url.pathname.startsWith('/xrpc/')) return { url: url.href, accept: JSON_ACCEPT };
  const webHost = WEB_HOSTS.has(url.hostname.toLowerCase());
  const segment = PROFILE_PATH.exec(url.pathname)?.[1];
  const actor = segment === undefined ? null : readActor(segment);
  if (!actor) {
    if (!webHost) return { url: url.href, accept: JSON_ACCEPT };
    throw new InvalidInputError('not a Bluesky account URL', [
      { field: 'url', message: 'expected https://bsky.app/profile/<handle or DID>' },
    ]);
  }
  const origin = webHost ? PUBLIC_APPVIEW : url.origin;
  return { url: `${origin}${PROFILE_METHOD}?actor=${encodeURIComponent(actor)}`, accept: JSON_ACCEPT };
}

/**
 * The account's newest posts, replies and reposts included (`posts_with_replies`, the API's
 * default: a reply is the account speaking too), with its pinned post marked as such, on the
 * origin that answered the profile. Asked by DID, which stays the same when the handle changes.
 */
export function authorFeedRequest(base: string, did: string): PageRequest {
  const origin = new URL(base).origin;
  const query = `actor=${encodeURIComponent(did)}&limit=20&filter=posts_with_replies&includePins=true`;
  return { url: `${origin}${FEED_METHOD}?${query}`, accept: JSON_ACCEPT };
}

/** A handle (case-insensitive, so lower-cased) or a DID from a path segment, or null. */
function readActor(segment: string): string | null {
  const text = decode(segment).replace(/^@/, '');
  if (DID.test(text)) return text;
  return HANDLE.test(text) ? text.toLowerCase() : null;
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new InvalidInputError('not a Bluesky account URL', [{ field: 'url', message: 'not an absolute URL' }]);
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
