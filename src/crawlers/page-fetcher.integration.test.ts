import net from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCrawlSettings } from '../../tests/support/simulated.ts';
import type { FetchedPage } from '../platforms/adapter.ts';
import type { FetchResult } from './fetch-result.ts';
import { PageFetcher, type CrawlSettings } from './page-fetcher.ts';
import { redirect, reply, startTestServer, type TestServer } from '../../tests/support/test-server.ts';

type Failure = Extract<FetchResult, { kind: 'failure' }>;

function expectPage(result: FetchResult): FetchedPage {
  if (result.kind !== 'page') throw new Error(`expected a page, got ${result.outcome}: ${result.error}`);
  return result.page;
}

function expectFailure(result: FetchResult): Failure {
  if (result.kind !== 'failure') throw new Error(`expected a failure, got a page from ${result.page.url}`);
  return result;
}

const MAX_BYTES = 10_000;

let server: TestServer;
const fetchers: PageFetcher[] = [];
/** Loopback allowed, two retries with short pauses. */
let open: PageFetcher;
/** Loopback refused, as in production. */
let strict: PageFetcher;
/** Small body limit, 1 s timeout, no retries: for faults that would otherwise take long. */
let tight: PageFetcher;

function fetcherWith(overrides: Partial<CrawlSettings>): PageFetcher {
  const fetcher = new PageFetcher(testCrawlSettings(overrides));
  fetchers.push(fetcher);
  return fetcher;
}

beforeAll(async () => {
  server = await startTestServer();
  open = fetcherWith({ retries: 2, retryBaseDelayMs: 20 });
  strict = fetcherWith({ policy: { allowPrivateHosts: false }, retries: 0 });
  tight = fetcherWith({ retries: 0, limits: { maxBytes: MAX_BYTES, timeoutMs: 1000, maxRedirects: 3, userAgent: 'sleepwatch-test' } });
});

afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
  await server?.close();
});

const at = (path: string) => `${server.origin}${path}`;

/** A loopback port nothing listens on (taken and released at once). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('PageFetcher over HTTP: pages arrive intact', () => {
  it.each([
    ['HTML', 'text/html; charset=utf-8', '<!doctype html><html><body><h1>人民日报</h1><p>今日要闻：春耕</p></body></html>'],
    ['JSON', 'application/json; charset=utf-8', JSON.stringify({ account: '新华社', posts: [{ text: '你好，世界' }] })],
    [
      'RSS',
      'application/rss+xml; charset=utf-8',
      '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>央视新闻</title>' +
        '<item><title>第一条</title><pubDate>Tue, 19 May 2026 08:00:00 +0800</pubDate></item></channel></rss>',
    ],
  ])('returns a 200 %s body byte for byte, Chinese text included', async (kind, contentType, body) => {
    server.route(`/intact/${kind}`, reply(200, contentType, body));
    const page = expectPage(await open.fetch({ url: at(`/intact/${kind}`) }, 'http'));
    expect(page).toEqual({ url: at(`/intact/${kind}`), status: 200, contentType, body });
  });

  it('sends the Accept header the adapter asks for', async () => {
    server.route('/accept', reply(200, 'application/json', '{}'));
    await open.fetch({ url: at('/accept'), accept: 'application/activity+json' }, 'http');
    expect(server.hits('/accept').map((r) => r.headers.accept)).toEqual(['application/activity+json']);
  });

  it('sends the headers the platform requires beside the Accept header', async () => {
    server.route('/required', reply(200, 'application/json', '{}'));
    await open.fetch(
      {
        url: at('/required'),
        accept: 'application/json',
        headers: { referer: 'https://m.example/u/1', 'x-requested-with': 'XMLHttpRequest' },
      },
      'http',
    );
    expect(server.hits('/required').map((r) => [r.headers.accept, r.headers.referer, r.headers['x-requested-with']])).toEqual([
      ['application/json', 'https://m.example/u/1', 'XMLHttpRequest'],
    ]);
  });

  it('reports the final URL after a same-host redirect', async () => {
    server.route('/moved', redirect('/moved-here'));
    server.route('/moved-here', reply(200, 'text/html', '<p>新家</p>'));
    const page = expectPage(await open.fetch({ url: at('/moved') }, 'http'));
    expect(page.url).toBe(at('/moved-here'));
    expect(page.body).toBe('<p>新家</p>');
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['br', zlib.brotliCompressSync],
  ])('decodes a %s-encoded body', async (encoding, compress) => {
    const body = `<html><body>${'<p>压缩的内容</p>'.repeat(200)}</body></html>`;
    server.route(
      `/encoded/${encoding}`,
      reply(200, 'text/html; charset=utf-8', compress(Buffer.from(body)), { 'content-encoding': encoding }),
    );
    const page = expectPage(await open.fetch({ url: at(`/encoded/${encoding}`) }, 'http'));
    expect(page.body).toBe(body);
  });
});

describe('PageFetcher over HTTP: status codes', () => {
  it.each([404, 410])('reports %i as not_found, without retrying', async (status) => {
    server.route(`/status/${status}`, reply(status, 'text/html', 'gone'));
    const failure = expectFailure(await open.fetch({ url: at(`/status/${status}`) }, 'http'));
    expect(failure).toMatchObject({ outcome: 'not_found', httpStatus: status });
    expect(server.hits(`/status/${status}`)).toHaveLength(1);
  });

  it.each([401, 403, 418, 429, 432])('reports %i as blocked and asks only once', async (status) => {
    server.route(`/status/${status}`, reply(status, 'text/html', 'go away'));
    const failure = expectFailure(await open.fetch({ url: at(`/status/${status}`) }, 'http'));
    expect(failure).toMatchObject({ outcome: 'blocked', httpStatus: status });
    expect(server.hits(`/status/${status}`)).toHaveLength(1);
  });

  it("quotes a 429's Retry-After in the error", async () => {
    server.route('/rate-limited', reply(429, 'text/plain', 'slow down', { 'retry-after': '120' }));
    const failure = expectFailure(await open.fetch({ url: at('/rate-limited') }, 'http'));
    expect(failure.error).toMatch(/retry after 120 s/);
  });
});

describe('PageFetcher over HTTP: retries', () => {
  it('retries a 503 and returns the page that finally comes', async () => {
    server.route('/flaky', (_req, res) => {
      if (server.hits('/flaky').length <= 2) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<p>终于</p>');
    });
    const page = expectPage(await open.fetch({ url: at('/flaky') }, 'http'));
    expect(page.body).toBe('<p>终于</p>');
    expect(server.hits('/flaky')).toHaveLength(3);
  });

  it('gives up with an error after retries + 1 attempts when the server keeps failing', async () => {
    server.route('/down', reply(503, 'text/plain', 'busy'));
    const failure = expectFailure(await open.fetch({ url: at('/down') }, 'http'));
    expect(failure).toMatchObject({ outcome: 'error', httpStatus: 503 });
    expect(failure.error).toContain('after 3 attempts');
    expect(server.hits('/down')).toHaveLength(3);
  });

  it('waits for the Retry-After a 503 asks for before trying again', async () => {
    server.route('/pause', (_req, res) => {
      if (server.hits('/pause').length === 1) res.writeHead(503, { 'retry-after': '1' }).end('busy');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    expectPage(await open.fetch({ url: at('/pause') }, 'http'));
    const [first, second] = server.hits('/pause');
    expect(second!.startedAt - first!.startedAt).toBeGreaterThanOrEqual(900);
  });
});

describe('PageFetcher over HTTP: limits', () => {
  const big = 'x'.repeat(MAX_BYTES * 5);

  it.each([
    ['with a Content-Length', reply(200, 'text/html', big)],
    [
      'sent chunked, without a Content-Length',
      ((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        for (let i = 0; i < 5; i++) res.write(big.slice(i * MAX_BYTES, (i + 1) * MAX_BYTES));
        res.end();
      }) satisfies Parameters<TestServer['route']>[1],
    ],
    [
      'that is a gzip bomb (small compressed, large decoded)',
      reply(200, 'text/html', zlib.gzipSync(Buffer.alloc(MAX_BYTES * 100)), { 'content-encoding': 'gzip' }),
    ],
  ])('refuses a response over the size limit %s', async (shape, handler) => {
    const path = `/large/${shape.replace(/\W+/g, '-')}`;
    server.route(path, handler);
    const failure = expectFailure(await tight.fetch({ url: at(path) }, 'http'));
    expect(failure.outcome).toBe('error');
    expect(failure.error).toContain(`${MAX_BYTES}-byte limit`);
  });

  it('hangs up on a response it cut off at the limit, rather than reading the rest', async () => {
    let closed!: () => void;
    const hungUp = new Promise<void>((resolve) => (closed = resolve));
    server.route('/endless', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write(big.slice(0, MAX_BYTES / 2)), 5);
      res.once('close', () => {
        clearInterval(timer);
        closed();
      });
    });
    const failure = expectFailure(await tight.fetch({ url: at('/endless') }, 'http'));
    expect(failure.error).toContain(`${MAX_BYTES}-byte limit`);
    await hungUp;
  });

  it("says why a connection failed in one line of its own words, without the crawler library's chatter", async () => {
    const closedPort = await freePort();
    const failure = expectFailure(await tight.fetch({ url: `http://127.0.0.1:${closedPort}/feed.xml?token=secret` }, 'http'));
    expect(failure.error).toBe(`fetch of http://127.0.0.1:${closedPort}/feed.xml?… failed: connection refused (ECONNREFUSED)`);
  });

  it('gives up on a server that never answers after the configured timeout', async () => {
    server.route('/silent', () => {});
    const started = performance.now();
    const failure = expectFailure(await tight.fetch({ url: at('/silent') }, 'http'));
    expect(failure.outcome).toBe('error');
    expect(failure.error).toMatch(/timed out/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('refuses a redirect chain longer than maxRedirects', async () => {
    server.route('/loop', (req, res) => {
      const n = Number(new URL(req.url ?? '', 'http://x').searchParams.get('n') ?? 0);
      res.writeHead(302, { location: `/loop?n=${n + 1}` }).end();
    });
    const failure = expectFailure(await tight.fetch({ url: at('/loop') }, 'http'));
    expect(failure.outcome).toBe('error');
    expect(failure.error).toMatch(/more than 3 redirects/);
    expect(server.hits('/loop')).toHaveLength(4);
  });
});

describe('PageFetcher over HTTP: private targets (SSRF)', () => {
  it.each([
    ['a literal loopback IPv4 address', (port: number) => `http://127.0.0.1:${port}/ssrf`],
    ['a name that resolves to loopback', (port: number) => `http://localhost:${port}/ssrf`],
    ['a literal loopback IPv6 address', (port: number) => `http://[::1]:${port}/ssrf`],
  ])('refuses %s before any request leaves', async (_case, url) => {
    server.route('/ssrf', reply(200, 'text/html', 'internal'));
    const failure = expectFailure(await strict.fetch({ url: url(server.port) }, 'http'));
    expect(failure).toMatchObject({ outcome: 'error', httpStatus: null });
    expect(failure.error).toMatch(/refusing to fetch: .*loopback/);
    expect(server.hits('/ssrf')).toHaveLength(0);
  });

  it('refuses file: URLs, saying why', async () => {
    const failure = expectFailure(await open.fetch({ url: 'file:///etc/passwd' }, 'http'));
    expect(failure.outcome).toBe('error');
    expect(failure.error).toMatch(/only http and https/);
  });

  it('reports a URL that does not parse as a failure instead of throwing', async () => {
    const failure = expectFailure(await open.fetch({ url: 'not a url' }, 'http'));
    expect(failure.outcome).toBe('error');
    expect(failure.error).toMatch(/not a valid URL/);
  });

  it('fetches loopback when private hosts are allowed', async () => {
    server.route('/intranet', reply(200, 'text/plain', 'hello'));
    expect(expectPage(await open.fetch({ url: `http://localhost:${server.port}/intranet` }, 'http')).body).toBe('hello');
  });

  it('refuses a redirect to the cloud metadata address even when private hosts are allowed, and does not retry it', async () => {
    server.route('/to-metadata', redirect('http://169.254.169.254/latest/meta-data'));
    const failure = expectFailure(await open.fetch({ url: at('/to-metadata') }, 'http'));
    expect(failure.outcome).toBe('error');
    expect(failure.error).toMatch(/metadata/);
    expect(server.hits('/to-metadata')).toHaveLength(1);
  });
});

describe('PageFetcher over HTTP: error messages keep query strings out', () => {
  it.each([
    ['a timeout', () => {}],
    ['a reset connection', ((req) => void req.socket.destroy()) satisfies Parameters<TestServer['route']>[1]],
    ['a redirect loop', ((req, res) => void res.writeHead(302, { location: req.url }).end()) satisfies Parameters<TestServer['route']>[1]],
    ['a redirect to the metadata address', redirect('http://169.254.169.254/?token=SECRET123')],
    ['an oversized body', reply(200, 'text/html', 'x'.repeat(MAX_BYTES + 1))],
    ['a 503', reply(503, 'text/plain', 'busy')],
  ])('does not repeat the token of a URL that failed with %s', async (failure, handler) => {
    const path = `/secret/${failure.replace(/\W+/g, '-')}`;
    server.route(path, handler);
    const result = expectFailure(await tight.fetch({ url: at(`${path}?token=SECRET123`) }, 'http'));
    expect(result.outcome).toBe('error');
    expect(result.error).not.toContain('SECRET123');
  });

  it('does not repeat the token of a refused private URL', async () => {
    const result = expectFailure(await strict.fetch({ url: `http://localhost:${server.port}/x?token=SECRET123` }, 'http'));
    expect(result.error).not.toContain('SECRET123');
  });
});
