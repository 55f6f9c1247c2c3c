import { createHash } from 'node:crypto';

/**
 * WBI request signing, the public algorithm Bilibili's web client applies to the `…/wbi/…`
 * endpoints. Two keys, published daily in the file names of `x/web-interface/nav`'s
 * `wbi_img` URLs, are shuffled through a fixed table into a 32-character mixin key; the
 * signature `w_rid` is the MD5 of the sorted, encoded query (with the time `wts`) followed
 * by that key. The server checks the signature, and a stale or missing one is refused.
 */

export interface WbiKeys {
  imgKey: string;
  subKey: string;
}

/** The order in which the web client picks characters of `imgKey + subKey`: a permutation of 0…63. */
const MIXIN_KEY_ORDER: readonly number[] = [
  46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19, 29, 28, 14, 39, 12, 38, 41, 13, 37, 48, 7, 16,
  24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54, 21, 56, 59, 6, 63, 57, 62, 11, 36, 20, 34, 44, 52,
];

const MIXIN_KEY_LENGTH = 32;

/** A key as the nav answer publishes it: 32 hexadecimal characters, the name of an image file. */
const KEY = /^[0-9a-f]{32}$/i;

/** Characters the web client strips from values before signing; the server signs what is left. */
const STRIPPED_FROM_VALUES = /[!'()*]/g;

/** The key in a `wbi_img` URL (`…/bfs/wbi/<key>.png`), or null when the file name is not one. */
export function wbiKeyOfUrl(url: string): string | null {
  const name = /\/([^/?#]+?)(?:\.[a-z0-9]+)?(?:[?#].*)?$/i.exec(url)?.[1];
  return name && KEY.test(name) ? name : null;
}

/** The mixin key the signature is salted with. */
export function mixinKey(keys: WbiKeys): string {
  const both = keys.imgKey + keys.subKey;
  if (!KEY.test(keys.imgKey) || !KEY.test(keys.subKey)) throw new RangeError('WBI keys are 32 hexadecimal characters each');
  return MIXIN_KEY_ORDER.map((index) => both[index])
    .join('')
    .slice(0, MIXIN_KEY_LENGTH);
}

/**
 * The signed query string for `params` at Unix time `wts` (seconds): the parameters and
 * `wts`, sorted by name and percent-encoded, then `w_rid`. The time is the caller's, so a
 * request built from a saved page replays exactly.
 */
export function signWbiQuery(params: Readonly<Record<string, string | number>>, keys: WbiKeys, wts: number): string {
  const entries: [string, string][] = Object.entries({ ...params, wts }).map(([name, value]) => [
    name,
    String(value).replace(STRIPPED_FROM_VALUES, ''),
  ]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = entries.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  const signature = createHash('md5')
    .update(query + mixinKey(keys))
    .digest('hex');
  return `${query}&w_rid=${signature}`;
}
