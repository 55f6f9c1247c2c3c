import { describe, expect, it } from 'vitest';
import { AccessBook } from './access-settings.ts';
import { withAccess } from './request-with-access.ts';

describe('withAccess', () => {
  const book = new AccessBook(
    { bluesky: { headers: { referer: 'https://platform.example/', 'x-platform': 'p' }, userAgent: 'platform-agent' } },
    { mine: { headers: { referer: 'https://profile.example/' }, cookies: { sid: 'abc' }, proxy: 'http://127.0.0.1:3128' } },
  );
  const page = {
    url: 'https://public.api.bsky.app/x',
    accept: 'application/json',
    headers: { Referer: 'https://bsky.app/', 'X-Adapter': 'a' },
  };

  it("lets the platform settings win over the adapter's headers, whatever their case", () => {
    expect(withAccess(page, book.resolve({ platform: 'bluesky' }))).toEqual({
      url: page.url,
      accept: 'application/json',
      headers: { referer: 'https://platform.example/', 'x-adapter': 'a', 'x-platform': 'p', 'user-agent': 'platform-agent' },
    });
  });

  it("lets the account's profile win over both, and adds its cookies and proxy", () => {
    expect(withAccess(page, book.resolve({ platform: 'bluesky', profile: 'mine' }))).toEqual({
      url: page.url,
      accept: 'application/json',
      headers: { referer: 'https://profile.example/', 'x-adapter': 'a', 'user-agent': 'platform-agent' },
      cookies: { sid: 'abc' },
      proxyUrl: 'http://127.0.0.1:3128',
    });
  });

  it('sends only what the adapter asks for when nothing is configured', () => {
    expect(withAccess({ url: 'https://t.me/s/x' }, {})).toEqual({ url: 'https://t.me/s/x' });
  });
});
