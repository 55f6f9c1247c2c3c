import type { PageRequest } from '../adapter.ts';
import { toCarry, type LookState } from './look-state.ts';
import { signWbiQuery, type WbiKeys } from './wbi-signing.ts';

/** The endpoints a look reads, on the origin that answered the card (api.bilibili.com, or a test server). */
export const API_PATHS = {
  card: '/x/web-interface/card',
  relationStat: '/x/relation/stat',
  nav: '/x/web-interface/nav',
  uploads: '/x/space/wbi/arc/search',
  legacyUploads: '/x/space/arc/search',
  dynamics: '/x/polymer/web-dynamic/v1/feed/space',
} as const;

/** Uploads asked for per look: enough for the account's rhythm, one page of the list. */
const UPLOADS_PAGE_SIZE = 30;

const JSON_ACCEPT = 'application/json';

/**
 * The headers the web client sends from an account's space page. The API answers risk control
 * (-352, -412) more readily to requests that lack them; they are part of the protocol, not secrets.
 */
function spaceHeaders(mid: string): Record<string, string> {
  return { Referer: `https://space.bilibili.com/${mid}/`, Origin: 'https://space.bilibili.com' };
}

/** The user card: name, followers, number of videos. The first page of every look. */
export function cardRequest(origin: string, mid: string): PageRequest {
  return { url: `${origin}${API_PATHS.card}?mid=${mid}`, accept: JSON_ACCEPT, headers: spaceHeaders(mid) };
}

/** The navigation answer, read for the day's WBI keys; it gives them to visitors who are not logged in too. */
export function navRequest(origin: string, state: Omit<LookState, 'expect'>): PageRequest {
  return {
    url: `${origin}${API_PATHS.nav}`,
    accept: JSON_ACCEPT,
    headers: spaceHeaders(state.mid),
    carry: toCarry({ ...state, expect: 'nav' }),
  };
}

/** The newest uploads, newest first, WBI-signed at `now`. */
export function uploadsRequest(origin: string, state: Omit<LookState, 'expect'>, keys: WbiKeys, now: Date): PageRequest {
  const params = { mid: state.mid, ps: UPLOADS_PAGE_SIZE, pn: 1, order: 'pubdate' };
  const query = signWbiQuery(params, keys, Math.floor(now.getTime() / 1000));
  return {
    url: `${origin}${API_PATHS.uploads}?${query}`,
    accept: JSON_ACCEPT,
    headers: spaceHeaders(state.mid),
    carry: toCarry({ ...state, expect: 'uploads' }),
  };
}

/** The account's dynamics (its posts, reposts and video announcements), newest first after any pinned one. */
export function dynamicsRequest(origin: string, state: Omit<LookState, 'expect'>): PageRequest {
  return {
    url: `${origin}${API_PATHS.dynamics}?host_mid=${state.mid}`,
    accept: JSON_ACCEPT,
    headers: spaceHeaders(state.mid),
    carry: toCarry({ ...state, expect: 'dynamics' }),
  };
}
