import { describe, expect, it } from 'vitest';
import { shownAccountName } from './account.ts';

describe('the name an account is shown under', () => {
  it('is the name the register gives, even when it is the last segment of the URL', () => {
    expect(shownAccountName('durov', 'Pavel Durov', 'https://t.me/s/durov')).toBe('durov');
  });

  it('is the page’s own display name for an unnamed account, once a look has read one', () => {
    expect(shownAccountName(null, 'Pavel Durov', 'https://t.me/s/durov')).toBe('Pavel Durov');
  });

  it.each([
    ['https://t.me/s/durov', 'durov'],
    ['https://t.me/durov/', 'durov'],
    ['https://mastodon.social/@Gargron', '@Gargron'],
    ['https://example.org/%E5%8D%97%E4%BA%AC', '南京'],
    ['https://example.org/', 'example.org'],
  ])('is derived from the URL %s before any name is known', (url, name) => {
    expect(shownAccountName(null, null, url)).toBe(name);
    expect(shownAccountName(null, '', url)).toBe(name);
  });
});
