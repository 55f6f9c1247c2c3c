import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../domain/errors.ts';
import { loadPlatformSettings, parsePlatformSettings } from './access-settings-file.ts';

const SECRET = 'S3cr3t-v4lue-42';

function rejection(read: () => unknown): InvalidInputError {
  try {
    read();
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('expected the settings to be rejected');
}

/** The issues of inline settings, as field → message. */
function problems(settings: unknown): Record<string, string> {
  const err = rejection(() => loadPlatformSettings(JSON.stringify(settings)));
  expect(err.message).not.toContain(SECRET);
  return Object.fromEntries(err.issues.map((i) => [i.field ?? '', i.message]));
}

describe('platform settings (SLEEPWATCH_PLATFORM_SETTINGS)', () => {
  it('reads inline JSON: cookies as a browser sends them or as a mapping, headers, user agent and proxy', () => {
    const book = loadPlatformSettings(
      JSON.stringify({
        platforms: {
          telegram: { cookies: `stel_ssid=${SECRET}; stel_token=abc`, headers: { 'X-Token': SECRET }, proxy: 'http://u:p@127.0.0.1:3128' },
          youtube: { cookies: { CONSENT: 'YES+1' }, userAgent: 'Mozilla/5.0 (test)' },
        },
        profiles: { 'city-office': { cookies: { stel_ssid: 'other' } } },
      }),
    );
    expect(book.resolve({ platform: 'telegram' })).toEqual({
      cookies: { stel_ssid: SECRET, stel_token: 'abc' },
      headers: { 'x-token': SECRET },
      proxy: 'http://u:p@127.0.0.1:3128',
    });
    expect(book.resolve({ platform: 'youtube' })).toEqual({ cookies: { CONSENT: 'YES+1' }, userAgent: 'Mozilla/5.0 (test)' });
    expect(book.profileNames()).toEqual(['city-office']);
  });

  it('reads a YAML file named by the variable, and names the line of a problem in it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sleepwatch-settings-'));
    const file = path.join(dir, 'platforms.yaml');
    writeFileSync(
      file,
      `platforms:\n  mastodon:\n    userAgent: sleepwatch-bot\nprofiles:\n  slow:\n    proxy: http://proxy.example:8080\n`,
    );
    expect(loadPlatformSettings(file).resolve({ platform: 'mastodon', profile: 'slow' })).toEqual({
      userAgent: 'sleepwatch-bot',
      proxy: 'http://proxy.example:8080',
    });
    writeFileSync(file, `platforms:\n  mastodon:\n    userAgent: sleepwatch-bot\n    proxy: socks5://u:${SECRET}@proxy.example:1080\n`);
    const err = rejection(() => loadPlatformSettings(file));
    expect(err.message).toContain(`SLEEPWATCH_PLATFORM_SETTINGS: platform settings file ${file}`);
    expect(err.issues).toEqual([
      {
        line: 4,
        field: 'platforms.mastodon.proxy',
        message: 'socks5 proxies are not supported: expected an http:// or https:// proxy URL',
      },
    ]);
    expect(err.message).not.toContain(SECRET);
  });

  it('refuses an unknown platform, naming the ones there are', () => {
    expect(problems({ platforms: { myspace: { cookies: `SUB=${SECRET}` } } })['platforms.myspace']).toMatch(
      /^unknown platform; expected one of telegram, .*bilibili$/,
    );
  });

  it('refuses proxies the HTTP client cannot send through, without echoing the URL', () => {
    expect(problems({ platforms: { telegram: { proxy: `socks5://u:${SECRET}@h:1080` } } })).toEqual({
      'platforms.telegram.proxy': 'socks5 proxies are not supported: expected an http:// or https:// proxy URL',
    });
    // Without a scheme, a user name reads as one: it is not named.
    expect(problems({ platforms: { telegram: { proxy: `${SECRET}:pw@proxy.example:8080` } } })).toEqual({
      'platforms.telegram.proxy': 'expected an http:// or https:// proxy URL',
    });
    expect(problems({ platforms: { telegram: { proxy: `http://u:p@h:1/${SECRET}` } } })).toEqual({
      'platforms.telegram.proxy': 'expected a proxy URL without a path, query or fragment',
    });
    expect(problems({ profiles: { a: { proxy: `not a url ${SECRET}` } } })).toEqual({
      'profiles.a.proxy': 'expected a proxy URL like http://user:password@proxy.example:8080',
    });
  });

  it('refuses header names that are not HTTP tokens and values with line breaks', () => {
    expect(problems({ platforms: { feed: { headers: { 'X Token': SECRET, 'x-ok': `${SECRET}\r\nInjected: 1` } } } })).toEqual({
      'platforms.feed.headers.X Token': "not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)",
      'platforms.feed.headers.x-ok': 'contains a line break or another control character',
    });
  });

  it('sends a cookie or user agent given among the headers to its own field', () => {
    expect(problems({ platforms: { html: { headers: { Cookie: `a=${SECRET}`, 'User-Agent': SECRET } } } })).toEqual({
      'platforms.html.headers.Cookie': 'not allowed here: give cookies in the "cookies" field',
      'platforms.html.headers.User-Agent': 'not allowed here: give the user agent in the "userAgent" field',
    });
  });

  it('refuses cookies that are not name=value pairs', () => {
    expect(problems({ platforms: { wechat: { cookies: `a=1; ${SECRET}` } } })).toEqual({
      'platforms.wechat.cookies': 'cookie 2 is not name=value (as a browser sends them: "a=1; b=2")',
    });
    expect(problems({ platforms: { wechat: { cookies: { a: `${SECRET}; b=2` } } } })).toEqual({
      'platforms.wechat.cookies.a': 'contains a space, ";" or a control character',
    });
  });

  it('refuses unknown keys and bad profile names', () => {
    expect(problems({ platforms: { bluesky: { cookie: `a=${SECRET}` } }, profile: {} })).toEqual({
      'platforms.bluesky': 'Unrecognized key: "cookie"',
      '': 'Unrecognized key: "profile"',
    });
    expect(problems({ profiles: { 'two words': {} } })).toEqual({ 'profiles.two words': 'letters, digits, ".", "_" and "-" only' });
  });

  it('reports inline JSON that does not parse without quoting it', () => {
    const err = rejection(() => loadPlatformSettings(`{"platforms": {"telegram": {"cookies": "a=${SECRET}`));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.message).toMatch(/^not valid JSON: /);
    expect(err.message).not.toContain(SECRET);
  });

  it('takes an empty document as no settings', () => {
    expect(parsePlatformSettings('').resolve({ platform: 'telegram' })).toEqual({});
  });
});
