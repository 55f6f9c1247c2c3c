import { describe, expect, it } from 'vitest';
import { RenderOnceCache } from './render-once-cache.ts';

describe('RenderOnceCache', () => {
  it('renders a key once per version, sharing a rendering under way', async () => {
    const cache = new RenderOnceCache<string>({ maxEntries: 500 });
    let rendered = 0;
    const render = (text: string) => async () => (rendered++, text);
    const shared = await Promise.all([cache.get('a', '1', render('a1')), cache.get('a', '1', render('other'))]);
    expect(shared).toEqual(['a1', 'a1']);
    expect(await cache.get('a', '2', render('a2'))).toBe('a2');
    expect(rendered).toBe(2);
  });

  it('forgets a failed rendering, so the next request tries again', async () => {
    const cache = new RenderOnceCache<string>({ maxEntries: 500 });
    await expect(cache.get('a', '1', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('a', '1', async () => 'a1')).toBe('a1');
  });

  it('keeps at most its bound, dropping the least recently used', async () => {
    const cache = new RenderOnceCache<string>({ maxEntries: 2 });
    await cache.get('a', '1', async () => 'a');
    await cache.get('b', '1', async () => 'b');
    await cache.get('a', '1', async () => 'again');
    await cache.get('c', '1', async () => 'c');
    expect(cache.size).toBe(2);
    expect(await cache.get('a', '1', async () => 'rendered again')).toBe('a');
    expect(await cache.get('b', '1', async () => 'rendered again')).toBe('rendered again');
  });

  it('keeps the rendered documents within a byte budget, dropping the least recently used', async () => {
    const cache = new RenderOnceCache<string>({ maxEntries: 100, maxBytes: 10, sizeOf: (text) => text.length });
    await cache.get('a', '1', async () => 'aaaa');
    await cache.get('b', '1', async () => 'bbbb');
    await cache.get('c', '1', async () => 'cccc');
    await Promise.resolve();
    expect(cache.size).toBe(2);
    expect(await cache.get('a', '1', async () => 'rendered again')).toBe('rendered again');
  });
});
