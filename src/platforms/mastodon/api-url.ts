import { InvalidInputError } from '../../domain/errors.ts';
import type { PageRequest } from '../adapter.ts';

const JSON_ACCEPT = 'application/json';

/** Mastodon's own username pattern (dots and dashes only inside, as remote servers allow). */
const USERNAME = /^[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?$/i;

/** Profile paths: `/@name`, `/@name@remote.host`, `/users/name`, each optionally followed by more path (a status). */
const PROFILE_PATH = /^\/(?:@([^/@]+)(?:@([^/@]+))?|users\/([^/@]+))(?:\/.*)?$/;

/**
 * The first API request for a Mastodon account URL: the accounts lookup endpoint on the same
 * origin. Only the path is read, so mirrors and test servers work without knowing the host.
 * An `/api/v1/accounts/...` URL is already an API request and is kept as given, as is any URL
 * that is not a profile URL.
 */
export function accountLookupRequest(accountUrl: string): PageRequest {
  const url = parseUrl(accountUrl);
  if (url.pathname.startsWith('/api/v1/accounts/')) return { url: url.href, accept: JSON_ACCEPT };
  const match = PROFILE_PATH.exec(url.pathname);
  const username = match?.[1] ?? match?.[3];
  // Any other path (a proxy's own route, a saved API answer on a test server) is fetched as given.
  if (!username || !USERNAME.test(decode(username))) return { url: url.href, accept: JSON_ACCEPT };
  const remote = match?.[2];
  const acct = remote ? `${decode(username)}@${decode(remote)}` : decode(username);
  return { url: `${url.origin}/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`, accept: JSON_ACCEPT };
}

/**
 * The account's newest statuses, replies included, so the newest post's exact time can be read
 * when the account object only gives the day. `base` is the URL the account came from, so the
 * request stays on the origin that answered.
 */
export function statusesRequest(base: string, accountId: string): PageRequest {
  const origin = new URL(base).origin;
  return {
    url: `${origin}/api/v1/accounts/${encodeURIComponent(accountId)}/statuses?limit=20&exclude_replies=false`,
    accept: JSON_ACCEPT,
  };
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new InvalidInputError('not a Mastodon account URL', [{ field: 'url', message: 'not an absolute URL' }]);
  }
}

/** Path segments may arrive percent-encoded; they are re-encoded once as a query value. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
