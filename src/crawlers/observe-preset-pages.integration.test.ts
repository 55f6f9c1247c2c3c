import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCrawlSettings } from '../../tests/support/simulated.ts';
import { reply, startTestServer, type TestServer } from '../../tests/support/test-server.ts';
import { validateOptions, requirePlatform } from '../platforms/parse-page.ts';
import { observeAccount, planObservation } from './observe-account.ts';
import { PageFetcher } from './page-fetcher.ts';

/*
 * The html presets through the real browser path: Chromium renders the saved profile pages,
 * waits for what the preset says shows the data, and the page it hands back reads as in the
 * unit tests of the presets.
 */
const fixture = (name: string) => readFileSync(new URL(`../platforms/html/fixtures/${name}`, import.meta.url), 'utf8');
const NOW = new Date('2025-07-20T04:00:00Z');
const BROWSER_TIMEOUT = 60_000;

let server: TestServer;
let fetcher: PageFetcher;

beforeAll(async () => {
  server = await startTestServer();
  const limits = { maxBytes: 2 * 1024 * 1024, timeoutMs: 4_000, maxRedirects: 5, userAgent: 'sleepwatch-test' };
  fetcher = new PageFetcher(testCrawlSettings({ retries: 0, limits }));
  for (const name of ['douyin-profile', 'douyin-shell', 'douyin-verify', 'toutiao-profile', 'toutiao-shell']) {
    server.route(`/${name}`, reply(200, 'text/html; charset=utf-8', fixture(`${name}.html`)));
  }
}, BROWSER_TIMEOUT);

afterAll(async () => {
  await fetcher?.close();
  await server?.close();
}, BROWSER_TIMEOUT);

function observe(path: string, preset: string) {
  const adapter = requirePlatform('html');
  const options = validateOptions(adapter, { preset });
  const plan = planObservation({ platform: 'html', url: `${server.origin}${path}`, timeZone: 'Asia/Shanghai', options }, adapter);
  return observeAccount(plan, fetcher, () => NOW);
}

describe('html presets rendered in Chromium', () => {
  it(
    'douyin: reads the user and the post times from the state the rendered page embeds',
    async () => {
      const observation = await observe('/douyin-profile', 'douyin');
      expect(observation).toMatchObject({
        outcome: 'ok',
        displayName: '示范市交通运输局',
        followers: 123456,
        postsCount: 418,
        lastPostAt: '2025-07-18T08:53:20+08:00',
      });
    },
    BROWSER_TIMEOUT,
  );

  it(
    'toutiao: reads the header and the newest card’s relative time',
    async () => {
      const observation = await observe('/toutiao-profile', 'toutiao');
      expect(observation).toMatchObject({ outcome: 'ok', displayName: '示范市气象台', lastPostAt: '2025-07-20T09:00:00+08:00' });
    },
    BROWSER_TIMEOUT,
  );

  it.each([
    ['/douyin-shell', 'douyin'],
    ['/douyin-verify', 'douyin'],
    ['/toutiao-shell', 'toutiao'],
  ])(
    '%s: a page whose data never rendered, or a verify page, is no evidence of silence',
    async (path, preset) => {
      const observation = await observe(path, preset);
      expect(observation.outcome).not.toBe('ok');
      expect(observation).toMatchObject({ lastPostAt: null, posts: [] });
    },
    BROWSER_TIMEOUT,
  );
});
