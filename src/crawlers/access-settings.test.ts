import { describe, expect, it } from 'vitest';
import { AccessBook } from './access-settings.ts';
import { missingRequiredSettings } from './required-settings.ts';

const book = new AccessBook(
  {
    telegram: { cookies: { stel_ssid: 'platform-cookie' }, headers: { referer: 'https://t.me/', 'x-a': '1' }, userAgent: 'platform-agent' },
    youtube: { proxy: 'http://tube:pr0xy-pass@127.0.0.1:3128' },
  },
  {
    'city-office': { cookies: { stel_ssid: 'office-cookie' }, headers: { 'x-b': '2' } },
    direct: { userAgent: 'profile-agent' },
  },
);

describe('AccessBook', () => {
  it("gives a platform's settings to its accounts without a profile, and none to a platform without settings", () => {
    expect(book.resolve({ platform: 'telegram' }).userAgent).toBe('platform-agent');
    expect(book.resolve({ platform: 'mastodon' })).toEqual({});
  });

  it("overrides the platform's settings field by field with the account's profile: cookies and headers as a whole", () => {
    expect(book.resolve({ platform: 'telegram', profile: 'city-office' })).toEqual({
      cookies: { stel_ssid: 'office-cookie' },
      headers: { 'x-b': '2' },
      userAgent: 'platform-agent',
    });
    expect(book.resolve({ platform: 'youtube', profile: 'direct' })).toEqual({
      proxy: 'http://tube:pr0xy-pass@127.0.0.1:3128',
      userAgent: 'profile-agent',
    });
  });

  it('refuses a profile it does not have rather than sending the platform defaults', () => {
    expect(() => book.resolve({ platform: 'telegram', profile: 'nobody' })).toThrow('unknown access profile "nobody"');
  });

  it('redacts cookie and header values, the Cookie header and proxy credentials from any text, and keeps which proxy it was', () => {
    const text = [
      'cookie platform-cookie',
      'header stel_ssid=platform-cookie',
      'proxy http://tube:pr0xy-pass@127.0.0.1:3128/ failed',
      'user tube, password pr0xy-pass',
    ].join('\n');
    const redacted = book.redact(text);
    for (const secret of ['platform-cookie', 'pr0xy-pass', 'tube:']) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('127.0.0.1:3128');
  });
});

describe('required settings', () => {
  /** A test adapter's declaration: its platform cannot be read without a login cookie. */
  const requiredOf = (platform: string) => (platform === 'telegram' ? ['cookies.stel_ssid', 'headers.X-Token'] : []);

  it('names each platform and profile that lacks what its adapter requires, with the settings path', () => {
    expect(missingRequiredSettings(AccessBook.EMPTY, [{ platform: 'telegram' }, { platform: 'mastodon' }], requiredOf)).toEqual([
      {
        field: 'SLEEPWATCH_PLATFORM_SETTINGS',
        message: 'telegram needs platforms.telegram.cookies.stel_ssid, platforms.telegram.headers.X-Token to read any account',
      },
    ]);
    expect(missingRequiredSettings(book, [{ platform: 'telegram' }, { platform: 'telegram', profile: 'direct' }], requiredOf)).toEqual([
      { field: 'SLEEPWATCH_PLATFORM_SETTINGS', message: 'telegram needs platforms.telegram.headers.X-Token to read any account' },
      {
        field: 'SLEEPWATCH_PLATFORM_SETTINGS',
        message: 'telegram needs platforms.telegram.headers.X-Token (or in profile "direct") to read any account',
      },
    ]);
  });

  it('is satisfied by the settings a profile brings', () => {
    const withToken = new AccessBook({ telegram: { cookies: { stel_ssid: 'x' } } }, { full: { headers: { 'x-token': 't' } } });
    expect(missingRequiredSettings(withToken, [{ platform: 'telegram', profile: 'full' }], requiredOf)).toEqual([]);
    expect(missingRequiredSettings(withToken, [{ platform: 'telegram' }], requiredOf)).toHaveLength(1);
  });
});
