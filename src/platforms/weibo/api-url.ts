import { InvalidInputError } from '../../domain/errors.ts';
import type { PageRequest } from '../adapter.ts';

const JSON_ACCEPT = 'application/json';

/**
 * Weibo's web hosts and the host of its mobile web API. weibo.com serves a script-built page
 * (behind its visitor system) with no data of its own, so its account URLs are read through
 * the API that m.weibo.cn's own pages call.
 */
const WEB_HOSTS = new Set(['weibo.com', 'www.weibo.com', 'm.weibo.cn']);
const API_ORIGIN = 'https://m.weibo.cn';

const API_PATH = '/api/container/getIndex';

/** The container of an account's own posts: this prefix and the uid, unless the profile names another. */
export const POSTS_CONTAINER_PREFIX = '107603';
/** The container of an account's profile, which some API URLs name instead of `value`. */
const PROFILE_CONTAINER_PREFIX = '100505';

/** Weibo account ids are numbers; short numbers are site paths (weibo.com/1 is not an account). */
const UID = /^[1-9]\d{4,15}$/;

/** `/u/<uid>`, `/profile/<uid>` and `/<uid>`, optionally followed by more path (`/<uid>/<post>`). */
const ACCOUNT_PATH = /^\/(?:(?:u|profile)\/)?([^/]+)(?:\/.*)?$/;

/**
 * The first request for a Weibo account URL: the API's answer for the account (its `userInfo`
 * and the tabs that name the container of its posts). weibo.com and m.weibo.cn URLs are asked
 * of m.weibo.cn; any other host that serves `/u/<uid>` (a mirror, a test server) is asked on
 * its own origin. An API URL is kept as it is, as is any other path on a host that is not Weibo's.
 * Name handles (weibo.com/n/<name>, weibo.com/<custom name>) are refused: resolving one to its
 * uid needs a logged-in session.
 */
export function profileRequest(accountUrl: string): PageRequest {
  const url = parseUrl(accountUrl);
  const weiboHost = WEB_HOSTS.has(url.hostname.toLowerCase());
  const origin = weiboHost ? API_ORIGIN : url.origin;
  if (url.pathname === API_PATH) return apiRequest(`${origin}${API_PATH}${url.search}`, uidOfQuery(url.searchParams));
  const segment = ACCOUNT_PATH.exec(url.pathname)?.[1];
  const uid = segment !== undefined && UID.test(segment) ? segment : null;
  if (uid) return apiRequest(`${origin}${API_PATH}?type=uid&value=${uid}`, uid);
  if (!weiboHost) return apiRequest(url.href, null);
  throw new InvalidInputError('not a Weibo account URL with a numeric uid', [
    {
      field: 'url',
      message:
        'expected https://weibo.com/u/<uid>: a name (weibo.com/n/<name>) cannot be resolved without a login; ' +
        'copy the number from the account’s m.weibo.cn/u/<uid> address',
    },
  ]);
}

/**
 * The account's newest posts, pinned post first: the posts container the profile named, on
 * the origin that answered the profile.
 */
export function postsRequest(base: string, uid: string, containerId: string): PageRequest {
  const origin = new URL(base).origin;
  return apiRequest(`${origin}${API_PATH}?type=uid&value=${uid}&containerid=${containerId}`, uid);
}

/**
 * A request as the m.weibo.cn web app sends it: the API answers anonymous clients only when
 * they present themselves as that app (these headers are its protocol, not credentials).
 */
function apiRequest(url: string, uid: string | null): PageRequest {
  const origin = new URL(url).origin;
  return {
    url,
    accept: JSON_ACCEPT,
    headers: {
      'X-Requested-With': 'XMLHttpRequest',
      'MWeibo-Pwa': '1',
      Referer: uid ? `${origin}/u/${uid}` : `${origin}/`,
    },
  };
}

/** The uid an API URL asks about: its `value`, or the uid inside a profile or posts container id. */
export function uidOfQuery(query: URLSearchParams): string | null {
  const value = query.get('value');
  if (value && UID.test(value)) return value;
  const container = query.get('containerid') ?? '';
  for (const prefix of [POSTS_CONTAINER_PREFIX, PROFILE_CONTAINER_PREFIX]) {
    const rest = container.startsWith(prefix) ? container.slice(prefix.length) : '';
    if (UID.test(rest)) return rest;
  }
  return null;
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new InvalidInputError('not a Weibo account URL', [{ field: 'url', message: 'not an absolute URL' }]);
  }
}
