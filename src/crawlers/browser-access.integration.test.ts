import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForwardProxy, withCredentials, type ForwardProxy } from '../../tests/support/forward-proxy.ts';
import { testCrawlSettings } from '../../tests/support/simulated.ts';
import { reply, startTestServer, type TestServer } from '../../tests/support/test-server.ts';
import { AccessBook } from './access-settings.ts';
import { PageFetcher } from './page-fetcher.ts';

// Starting Chromium takes seconds; one browser per proxy serves the whole file.
const BROWSER_TIMEOUT = 60_000;
const COOKIE = 'br0wser-c00kie';
const TOKEN = 'br0wser-t0ken';

describe('platform access settings in the browser', () => {
  let site: TestServer;
  /** Another host (another port), as a page's third-party script would be served from. */
  let thirdParty: TestServer;
  let proxy: ForwardProxy;
  let fetcher: PageFetcher;

  beforeAll(async () => {
    [site, thirdParty, proxy] = await Promise.all([startTestServer(), startTestServer(), startForwardProxy()]);
    const limits = { maxBytes: 2 * 1024 * 1024, timeoutMs: 20_000, maxRedirects: 5, userAgent: 'sleepwatch-test' };
    const access = new AccessBook(
      { telegram: { cookies: { stel_ssid: COOKIE }, headers: { 'x-token': TOKEN }, userAgent: 'operator-agent' } },
      { proxied: { proxy: withCredentials(proxy.url) } },
    );
    fetcher = new PageFetcher(testCrawlSettings({ retries: 0, limits, access }));
    const page = `<!doctype html><html><body><script src="${thirdParty.origin}/tracker.js"></script></body></html>`;
    site.route('/page', reply(200, 'text/html', page));
    thirdParty.route('/tracker.js', reply(200, 'text/javascript', 'document.body.dataset.tracked = "yes";'));
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await fetcher?.close();
    await Promise.all([site?.close(), thirdParty?.close(), proxy?.close()]);
  }, BROWSER_TIMEOUT);

  it(
    "sends the platform's cookies, headers and user agent to the page's own host and not to another",
    async () => {
      const result = await fetcher.fetch({ url: `${site.origin}/page` }, 'browser', { platform: 'telegram' });
      expect(result.kind === 'page' && result.page.body).toContain('data-tracked="yes"');
      const [seen] = site.hits('/page');
      expect(seen?.headers).toMatchObject({ cookie: `stel_ssid=${COOKIE}`, 'x-token': TOKEN, 'user-agent': 'operator-agent' });
      const [script] = thirdParty.hits('/tracker.js');
      expect(script?.headers['x-token']).toBeUndefined();
      expect(script?.headers['user-agent']).not.toBe('operator-agent');
    },
    BROWSER_TIMEOUT,
  );

  it(
    "sends nothing of them with another platform's page: the browser keeps no cookies from one page to the next",
    async () => {
      site.reset();
      await fetcher.fetch({ url: `${site.origin}/page` }, 'browser', { platform: 'mastodon' });
      const [seen] = site.hits('/page');
      expect(seen?.headers.cookie).toBeUndefined();
      expect(seen?.headers['x-token']).toBeUndefined();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "goes through the profile's proxy, behind the guard",
    async () => {
      site.reset();
      const result = await fetcher.fetch({ url: `${site.origin}/page` }, 'browser', { platform: 'telegram', profile: 'proxied' });
      expect(result.kind).toBe('page');
      expect(proxy.forwarded).toContain(`127.0.0.1:${site.port}`);
      expect(site.hits('/page')).toHaveLength(1);
    },
    BROWSER_TIMEOUT,
  );
});
