import { describe, expect, it } from 'vitest';
import { mixinKey, signWbiQuery, wbiKeyOfUrl } from './wbi-signing.ts';

/** The example the public description of WBI signing works through (bilibili-API-collect, docs/misc/sign/wbi.md). */
const KEYS = { imgKey: '7cd084941338484aae1ad9425b84077c', subKey: '4932caff0ff746eab6f01bf08b70ac45' };

describe('WBI signing', () => {
  it('shuffles the two keys into the published mixin key', () => {
    expect(mixinKey(KEYS)).toBe('ea1db124af3c7062474693fa704f4ff8');
  });

  it('signs the published example: sorted, encoded parameters with wts, then w_rid', () => {
    expect(signWbiQuery({ foo: '114', bar: '514', zab: 1919810 }, KEYS, 1702204169)).toBe(
      'bar=514&foo=114&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4',
    );
  });

  it('percent-encodes names and values (spaces as %20) and strips the characters the web client strips', () => {
    const query = signWbiQuery({ keyword: "a b (c)!*'", mid: 2 }, KEYS, 1702204169);
    expect(query).toMatch(/^keyword=a%20b%20c&mid=2&wts=1702204169&w_rid=[0-9a-f]{32}$/);
    expect(query).toBe(signWbiQuery({ mid: 2, keyword: 'a b c' }, KEYS, 1702204169));
  });

  it('gives another signature for another time or other keys', () => {
    const signed = signWbiQuery({ mid: 2 }, KEYS, 1702204169);
    expect(signWbiQuery({ mid: 2 }, KEYS, 1702204170)).not.toBe(signed);
    expect(signWbiQuery({ mid: 2 }, { ...KEYS, subKey: KEYS.imgKey }, 1702204169).split('w_rid=')[1]).not.toBe(signed.split('w_rid=')[1]);
  });

  it('reads the keys from the file names of the nav answer’s wbi_img URLs, and nothing else as a key', () => {
    expect(wbiKeyOfUrl('https://i0.hdslb.com/bfs/wbi/7cd084941338484aae1ad9425b84077c.png')).toBe(KEYS.imgKey);
    expect(wbiKeyOfUrl('https://i0.hdslb.com/bfs/wbi/4932caff0ff746eab6f01bf08b70ac45.png?v=1')).toBe(KEYS.subKey);
    expect(wbiKeyOfUrl('https://i0.hdslb.com/bfs/wbi/placeholder.png')).toBeNull();
    expect(wbiKeyOfUrl('')).toBeNull();
    expect(() => mixinKey({ imgKey: 'short', subKey: KEYS.subKey })).toThrow(RangeError);
  });
});
