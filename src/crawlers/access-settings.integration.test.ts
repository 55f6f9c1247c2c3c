import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROXY_USER, startForwardProxy, withCredentials, type ForwardProxy } from '../../tests/support/forward-proxy.ts';
import { testCrawlSettings } from '../../tests/support/simulated.ts';
import { redirect, reply, startTestServer, type TestServer } from '../../tests/support/test-server.ts';
import { configureLogging } from '../logging/logger.ts';
import { telegram } from '../platforms/telegram/adapter.ts';
import { AccessBook } from './access-settings.ts';
import { observeAccount, planObservation } from './observe-account.ts';
import { PageFetcher, type CrawlSettings } from './page-fetcher.ts';

const COOKIE = 'sess10n-c00kie-value';
const TOKEN = 't0ken-header-value';
let server: TestServer;
let proxy: ForwardProxy;
const fetchers: PageFetcher[] = [];

function fetcherWith(access: AccessBook, overrides: Partial<CrawlSettings> = {}): PageFetcher {
  const fetcher = new PageFetcher(testCrawlSettings({ retries: 0, access, ...overrides }));
  fetchers.push(fetcher);
  return fetcher;
}

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startForwardProxy();
  server.route('/page', reply(200, 'text/html', '<p>ok</p>'));
});

beforeEach(() => {
  server.reset();
  proxy.forwarded.length = 0;
  proxy.refused = 0;
});

afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
  await proxy?.close();
  await server?.close();
});

describe('platform access settings over HTTP', () => {
  it("sends the platform's cookies, headers and user agent, the operator's headers winning over the adapter's", async () => {
    const book = new AccessBook(
      {
        telegram: {
          cookies: { stel_ssid: COOKIE, lang: 'zh' },
          headers: { 'x-token': TOKEN, referer: 'https://operator.example/' },
          userAgent: 'operator-agent',
        },
      },
      {},
    );
    const page = { url: `${server.origin}/page`, headers: { Referer: 'https://adapter.example/', 'X-Adapter': 'a' } };
    const result = await fetcherWith(book).fetch(page, 'http', { platform: 'telegram' });
    expect(result.kind).toBe('page');
    const [seen] = server.hits('/page');
    expect(seen?.headers).toMatchObject({
      cookie: `stel_ssid=${COOKIE}; lang=zh`,
      'x-token': TOKEN,
      referer: 'https://operator.example/',
      'x-adapter': 'a',
      'user-agent': 'operator-agent',
    });
  });

  it("sends an account's profile instead of its platform's settings, and nothing of either to another platform", async () => {
    const book = new AccessBook({ telegram: { cookies: { stel_ssid: 'platform' } } }, { office: { cookies: { stel_ssid: COOKIE } } });
    const fetcher = fetcherWith(book);
    await fetcher.fetch({ url: `${server.origin}/page` }, 'http', { platform: 'telegram', profile: 'office' });
    await fetcher.fetch({ url: `${server.origin}/page` }, 'http', { platform: 'mastodon' });
    expect(server.hits('/page').map((r) => [r.headers.cookie, r.headers['user-agent']])).toEqual([
      [`stel_ssid=${COOKIE}`, 'sleepwatch-test'],
      [undefined, 'sleepwatch-test'],
    ]);
  });

  it("sends an account's pages through its platform's proxy, with the proxy's credentials, and others directly", async () => {
    const book = new AccessBook({ telegram: { proxy: withCredentials(proxy.url) } }, {});
    const fetcher = fetcherWith(book);
    const proxied = await fetcher.fetch({ url: `${server.origin}/page` }, 'http', { platform: 'telegram' });
    const direct = await fetcher.fetch({ url: `${server.origin}/page` }, 'http', { platform: 'mastodon' });
    expect([proxied.kind, direct.kind]).toEqual(['page', 'page']);
    expect(proxy.forwarded).toEqual([`127.0.0.1:${server.port}`]);
    expect(server.hits('/page')).toHaveLength(2);
  });

  it('still refuses a private target behind a proxy on loopback: the proxy never sees the request', async () => {
    const book = new AccessBook({ telegram: { proxy: withCredentials(proxy.url) } }, {});
    const strict = fetcherWith(book, { policy: { allowPrivateHosts: false } });
    for (const url of [`http://localhost:${server.port}/page`, `${server.origin}/page`]) {
      const result = await strict.fetch({ url }, 'http', { platform: 'telegram' });
      expect(result).toMatchObject({ kind: 'failure', outcome: 'error' });
      if (result.kind === 'failure') expect(result.error).toMatch(/refusing to fetch/);
    }
    expect(proxy.forwarded).toEqual([]);
    expect(proxy.refused).toBe(0);
    expect(server.requests).toEqual([]);
  });

  it('checks every redirect hop behind the proxy too', async () => {
    server.route('/to-metadata', redirect('http://169.254.169.254/latest/meta-data'));
    const book = new AccessBook({ telegram: { proxy: withCredentials(proxy.url) } }, {});
    const result = await fetcherWith(book).fetch({ url: `${server.origin}/to-metadata` }, 'http', { platform: 'telegram' });
    expect(result).toMatchObject({ kind: 'failure', outcome: 'error' });
    expect(result.kind === 'failure' && result.error).toMatch(/cloud metadata address/);
    expect(proxy.forwarded).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('keeps every secret out of the observation and the log when the proxy refuses the credentials', async () => {
    // Everything, Crawlee's own lines included, as a worker logging at debug would write it.
    let logged = '';
    configureLogging({ level: 'debug', format: 'json', role: 'test', destination: { write: (line: string) => void (logged += line) } });
    const wrong = 'wr0ng-passw0rd';
    const book = new AccessBook(
      { telegram: { proxy: withCredentials(proxy.url, wrong), cookies: { stel_ssid: COOKIE }, headers: { 'x-token': TOKEN } } },
      {},
    );
    const plan = planObservation({ platform: 'telegram', url: `${server.origin}/s/newsroom`, timeZone: 'UTC', options: {} }, telegram);
    const observation = await observeAccount(plan, fetcherWith(book));
    expect(proxy.refused).toBeGreaterThan(0);
    expect(observation.outcome).not.toBe('ok');
    expect(observation.error).toMatch(/ failed: the proxy answered 407 instead of connecting: it refused the proxy credentials$/);
    const told = JSON.stringify(observation) + logged;
    expect(logged, 'the failure reaches the log').toMatch(/the proxy answered 407/);
    for (const secret of [wrong, PROXY_USER, COOKIE, TOKEN]) expect(told).not.toContain(secret);
  });

  it('fails the look of an account whose access profile has left the settings, rather than sending none', async () => {
    const book = new AccessBook({}, { office: {} });
    const result = await fetcherWith(book).fetch({ url: `${server.origin}/page` }, 'http', { platform: 'telegram', profile: 'gone' });
    expect(result).toMatchObject({
      kind: 'failure',
      outcome: 'error',
      error: 'access profile "gone" is not in SLEEPWATCH_PLATFORM_SETTINGS',
    });
    expect(server.requests).toEqual([]);
  });
});
