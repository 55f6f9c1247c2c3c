import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCrawlSettings } from '../../tests/support/simulated.ts';
import { reply, startTestServer, type TestServer } from '../../tests/support/test-server.ts';
import { parseDate } from '../parsing/date.ts';
import { parsePage } from '../platforms/parse-page.ts';
import { ENCODED, encodedBody } from './encoded-samples.ts';
import type { FetchResult } from './fetch-result.ts';
import { PageFetcher } from './page-fetcher.ts';

let server: TestServer;
let fetcher: PageFetcher;

beforeAll(async () => {
  server = await startTestServer();
  fetcher = new PageFetcher(testCrawlSettings({ retries: 0 }));
});

afterAll(async () => {
  await fetcher?.close();
  await server?.close();
});

async function fetchBody(path: string): Promise<string> {
  const result: FetchResult = await fetcher.fetch({ url: `${server.origin}${path}` }, 'http');
  if (result.kind !== 'page') throw new Error(`expected a page, got ${result.outcome}: ${result.error}`);
  return result.page.body;
}

describe('pages that declare their encoding only in the document arrive as the right text', () => {
  it('decodes a GBK page declared in <meta http-equiv="Content-Type"> under a header with no charset', async () => {
    server.route(
      '/gbk',
      reply(
        200,
        'text/html',
        encodedBody(
          '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body><p class="info">',
          ENCODED.gbk,
          '</p></body></html>',
        ),
      ),
    );
    const body = await fetchBody('/gbk');
    expect(body).toContain(`<p class="info">${ENCODED.gbk.text}</p>`);
    expect(body).not.toContain('\uFFFD');
  });

  it('decodes a Big5 page declared in <meta charset>, and its date reads', async () => {
    server.route(
      '/big5',
      reply(
        200,
        'text/html',
        encodedBody('<!DOCTYPE html><html><head><meta charset="big5"></head><body><span>', ENCODED.big5, '</span></body></html>'),
      ),
    );
    const body = await fetchBody('/big5');
    expect(body).toContain(ENCODED.big5.text);
    const printed = /發布日期：([^<]+)/.exec(body)?.[1] ?? '';
    expect(parseDate(printed, { now: new Date('2026-06-01T00:00:00Z'), timeZone: 'Asia/Taipei' })).toMatchObject({
      iso: '2026-05-19T00:00:00+08:00',
      precision: 'day',
    });
  });

  it('decodes a GB2312 feed declared in its XML declaration, and the feed reader reads it', async () => {
    server.route(
      '/feed.xml',
      reply(
        200,
        'application/rss+xml',
        encodedBody(
          '<?xml version="1.0" encoding="GB2312"?>\n<rss version="2.0"><channel><title>',
          ENCODED.gb2312Title,
          '</title><link>https://www.gz.gov.cn/</link><item><title>',
          ENCODED.gb2312Item,
          '</title><link>https://www.gz.gov.cn/a/1.html</link><guid>a1</guid>',
          '<pubDate>Tue, 19 May 2026 09:30:00 +0800</pubDate></item></channel></rss>',
        ),
      ),
    );
    const body = await fetchBody('/feed.xml');
    const observation = parsePage('feed', body, { url: `${server.origin}/feed.xml`, now: new Date('2026-06-01T00:00:00Z') });
    expect(observation).toMatchObject({
      outcome: 'ok',
      displayName: ENCODED.gb2312Title.text,
      lastPostAt: '2026-05-19T09:30:00+08:00',
      lastPostExcerpt: ENCODED.gb2312Item.text,
    });
  });

  it('still lets the Content-Type header name the encoding', async () => {
    server.route('/header-gbk', reply(200, 'text/html; charset=GBK', encodedBody('<html><body>', ENCODED.gbk, '</body></html>')));
    expect(await fetchBody('/header-gbk')).toBe(`<html><body>${ENCODED.gbk.text}</body></html>`);
  });
});
