import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCrawlSettings } from '../../tests/support/simulated.ts';
import type { FetchResult } from './fetch-result.ts';
import { PageFetcher } from './page-fetcher.ts';
import { redirect, reply, startTestServer, type TestServer } from '../../tests/support/test-server.ts';

// Starting Chromium takes seconds; one browser serves the whole file.
const BROWSER_TIMEOUT = 60_000;

function bodyOf(result: FetchResult): string {
  if (result.kind !== 'page') throw new Error(`expected a page, got ${result.outcome}: ${result.error}`);
  return result.page.body;
}

describe('PageFetcher with the browser', () => {
  let server: TestServer;
  /** Loopback allowed (the test server), as in the demo. */
  let open: PageFetcher;
  /** Loopback refused, as in production. */
  let strict: PageFetcher;

  beforeAll(async () => {
    server = await startTestServer();
    const limits = { maxBytes: 2 * 1024 * 1024, timeoutMs: 20_000, maxRedirects: 5, userAgent: 'sleepwatch-test' };
    open = new PageFetcher(testCrawlSettings({ retries: 0, limits }));
    strict = new PageFetcher(testCrawlSettings({ retries: 0, limits, policy: { allowPrivateHosts: false } }));

    // The data arrives after the page has loaded, as on a single-page app.
    server.route(
      '/profile',
      reply(
        200,
        'text/html; charset=utf-8',
        `<!doctype html><html><body><div id="app">加载中…</div>
      <script>
        fetch('/api/profile').then((r) => r.json()).then((d) => {
          document.getElementById('app').innerHTML = '<span class="name">' + d.name + '</span>';
        });
      </script></body></html>`,
      ),
    );
    server.route('/api/profile', (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: '人民日报' })), 500);
    });

    server.route(
      '/with-image',
      reply(200, 'text/html', '<!doctype html><html><body><img src="/img.png"><script src="/app.js"></script></body></html>'),
    );
    server.route('/img.png', reply(200, 'image/png', Buffer.alloc(64)));
    server.route('/app.js', reply(200, 'text/javascript', 'document.body.dataset.ran = "yes";'));

    server.route('/to-metadata', redirect('http://169.254.169.254/latest/meta-data'));
    server.route('/internal', reply(200, 'text/html', '<p>internal</p>'));
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([open?.close(), strict?.close()]);
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'returns a JavaScript-rendered page once the waitFor selector shows',
    async () => {
      const body = bodyOf(await open.fetch({ url: `${server.origin}/profile`, waitFor: '.name' }, 'browser'));
      expect(body).toContain('<span class="name">人民日报</span>');
    },
    BROWSER_TIMEOUT,
  );

  it(
    'does not download images, while scripts still load',
    async () => {
      const body = bodyOf(await open.fetch({ url: `${server.origin}/with-image` }, 'browser'));
      expect(body).toContain('data-ran="yes"');
      expect(server.hits('/app.js')).toHaveLength(1);
      expect(server.hits('/img.png')).toHaveLength(0);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'reports a redirect to the cloud metadata address as an error, not as a block',
    async () => {
      const result = await open.fetch({ url: `${server.origin}/to-metadata` }, 'browser');
      expect(result).toMatchObject({ kind: 'failure', outcome: 'error' });
      expect(result.kind === 'failure' && result.error).toMatch(/forbidden|metadata/);
    },
    BROWSER_TIMEOUT,
  );

  it.each([
    ['a literal loopback address', (port: number) => `http://127.0.0.1:${port}/internal`],
    ['a name that resolves to loopback', (port: number) => `http://localhost:${port}/internal`],
  ])(
    'refuses %s when private hosts are not allowed, and sends nothing',
    async (_case, url) => {
      const result = await strict.fetch({ url: url(server.port) }, 'browser');
      expect(result).toMatchObject({ kind: 'failure', outcome: 'error' });
      expect(result.kind === 'failure' && result.error).toMatch(/loopback/);
      expect(server.hits('/internal')).toHaveLength(0);
    },
    BROWSER_TIMEOUT,
  );
});
