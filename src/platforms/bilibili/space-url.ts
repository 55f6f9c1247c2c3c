import { InvalidInputError } from '../../domain/errors.ts';
import type { PageRequest } from '../adapter.ts';
import { API_PATHS, cardRequest } from './requests.ts';

/**
 * The API host Bilibili's web client reads public account data from. Space pages are built by
 * script from its answers and carry no data of their own, so their URLs are read here.
 */
const API_ORIGIN = 'https://api.bilibili.com';

const SPACE_HOST = 'space.bilibili.com';
const MOBILE_HOST = 'm.bilibili.com';
/** Short-link hosts: they redirect to a video or a space, which only following them tells. */
const SHORT_LINK_HOSTS = new Set(['b23.tv', 'www.b23.tv', 'bili2233.cn', 'www.bili2233.cn', 'bili22.cn', 'bili33.cn']);
const BILIBILI_HOST = /(?:^|\.)bilibili\.com$/i;

/** A user id: decimal digits, as the space URL shows it. */
const MID = /^\d{1,19}$/;

/** `/<mid>` and `/<mid>/…` on space.bilibili.com (and on test servers). */
const SPACE_PATH = /^\/(\d{1,19})(?:\/.*)?$/;
/** `/space/<mid>` on m.bilibili.com (and on test servers). */
const MOBILE_SPACE_PATH = /^\/space\/(\d{1,19})(?:\/.*)?$/;

/** The query parameter each API endpoint names the account with. */
const MID_PARAMETERS: ReadonlyMap<string, string> = new Map([
  [API_PATHS.card, 'mid'],
  [API_PATHS.relationStat, 'vmid'],
  [API_PATHS.uploads, 'mid'],
  [API_PATHS.legacyUploads, 'mid'],
  [API_PATHS.dynamics, 'host_mid'],
]);

const EXPECTED = 'expected https://space.bilibili.com/<mid> or https://m.bilibili.com/space/<mid>';

/**
 * The first request for a Bilibili account URL: the user card of the account's user id (mid).
 * Space URLs (space.bilibili.com, m.bilibili.com) are read from api.bilibili.com, the one change
 * of host this adapter makes; an API URL of one of the endpoints a look reads is read as the
 * account it names. Any other host keeps its origin (a test server, a simulator): `/<mid>` and
 * `/space/<mid>` there become its own `/x/web-interface/card?mid=<mid>`, other paths are fetched
 * as given (a saved answer). Short links (b23.tv) are refused: they may lead to a video as well
 * as to a space, and the user is better placed than a crawler to say which account is meant.
 */
export function firstRequest(accountUrl: string): PageRequest {
  const url = parseUrl(accountUrl);
  const host = url.hostname.toLowerCase();
  if (SHORT_LINK_HOSTS.has(host)) {
    throw new InvalidInputError('Bilibili short links are not accepted', [
      { field: 'url', message: `open the short link and give the space URL it leads to (${EXPECTED})` },
    ]);
  }
  const apiMid = midParameter(url);
  if (apiMid) return cardRequest(url.origin, apiMid);
  if (host === SPACE_HOST) return cardRequest(API_ORIGIN, requireMid(SPACE_PATH.exec(url.pathname)?.[1]));
  if (host === MOBILE_HOST) return cardRequest(API_ORIGIN, requireMid(MOBILE_SPACE_PATH.exec(url.pathname)?.[1]));
  if (BILIBILI_HOST.test(host)) throw notAnAccountUrl();
  const mid = SPACE_PATH.exec(url.pathname)?.[1] ?? MOBILE_SPACE_PATH.exec(url.pathname)?.[1];
  return mid ? cardRequest(url.origin, normalMid(mid)) : { url: url.href, accept: 'application/json' };
}

/** The account an API URL names, for the endpoints a look reads; null for any other URL. */
function midParameter(url: URL): string | null {
  const parameter = MID_PARAMETERS.get(url.pathname);
  if (!parameter) return null;
  const mid = url.searchParams.get(parameter);
  return mid !== null && MID.test(mid) && Number(mid) > 0 ? normalMid(mid) : null;
}

function requireMid(mid: string | undefined): string {
  if (mid !== undefined && Number(mid) > 0) return normalMid(mid);
  throw notAnAccountUrl();
}

function notAnAccountUrl(): InvalidInputError {
  return new InvalidInputError('not a Bilibili account URL', [{ field: 'url', message: EXPECTED }]);
}

/** One spelling per account: `007` and `7` are the same user. */
function normalMid(mid: string): string {
  return mid.replace(/^0+(?=\d)/, '');
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError('not a Bilibili account URL', [{ field: 'url', message: 'not an absolute URL' }]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError('not a Bilibili account URL', [{ field: 'url', message: 'not an http(s) URL' }]);
  }
  return url;
}
