/**
 * One benchmark run of the baseline: a stock CheerioCrawler (default HTTP client, default
 * parsing) fetching the same pages as the pipeline and reading each account's newest post
 * time with a minimal extraction. Args: <base url> <accounts> <concurrency>. Prints RunFigures.
 */
import { CheerioCrawler } from '@crawlee/cheerio';
import { Configuration, log, LogLevel } from '@crawlee/core';
import * as cheerio from 'cheerio';
import { measure } from './measure.ts';
import { multiPageFirst, multiPageRead } from './multi-page-baseline.ts';

log.setLevel(LogLevel.OFF);
const [base = '', , concurrencyArg = '50'] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const entries = (await (await fetch(`${base}/accounts.json`)).json()) as Array<{
  platform: string;
  url: string;
  options: Record<string, string>;
}>;

/** The first page of each account, as the pipeline's adapters would ask for it. */
function firstPage(entry: { platform: string; url: string }): string {
  const u = new URL(entry.url);
  if (entry.platform === 'telegram') return `${u.origin}/s${u.pathname}`;
  if (entry.platform === 'mastodon') return `${u.origin}/api/v1/accounts/lookup?acct=${u.pathname.slice(2)}`;
  return multiPageFirst(entry.platform, entry.url) ?? entry.url;
}

const newest = new Map<number, number>();
const record = (account: number, times: Iterable<string | undefined>) => {
  for (const t of times) {
    const ms = t ? Date.parse(t) : NaN;
    if (!Number.isNaN(ms) && ms > (newest.get(account) ?? -Infinity)) newest.set(account, ms);
  }
};
let pages = 0;
const crawler = new CheerioCrawler(
  {
    maxConcurrency: concurrency,
    minConcurrency: concurrency,
    autoscaledPoolOptions: { desiredConcurrency: concurrency },
    maxRequestRetries: 2,
    additionalMimeTypes: ['application/rss+xml', 'application/atom+xml', 'application/feed+json'],
    requestHandler: async ({ request, $, body, json, crawler: self }) => {
      pages++;
      const userData = request.userData as { account: number; platform: string };
      const account = userData.account;
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (multiPageFirst(userData.platform, request.url) !== null) {
        const read = multiPageRead(userData.platform, request.url, text);
        record(account, read.times);
        if (read.next) await self.addRequests([{ url: read.next, userData }]);
      } else if (userData.platform === 'mastodon') {
        if (Array.isArray(json))
          return record(
            account,
            (json as Array<{ created_at?: string }>).map((s) => s.created_at),
          );
        const acct = (json ?? JSON.parse(text)) as { id: string; last_status_at?: string };
        record(account, [acct.last_status_at]);
        await self.addRequests([{ url: `${new URL(request.url).origin}/api/v1/accounts/${acct.id}/statuses?limit=20`, userData }]);
      } else if (text.trimStart().startsWith('{')) {
        record(
          account,
          (JSON.parse(text) as { items: Array<{ date_published?: string }> }).items.map((i) => i.date_published),
        );
      } else if (!$) {
        const x = cheerio.load(text, { xml: true });
        record(
          account,
          x('item > pubDate, entry > published')
            .map((_, el) => x(el).text())
            .get(),
        );
      } else {
        record(
          account,
          $('time[datetime]')
            .map((_, el) => $(el).attr('datetime'))
            .get(),
        );
      }
    },
  },
  new Configuration({ persistStorage: false }),
);
const figures = await measure(entries.length, async () => {
  await crawler.run(entries.map((e, account) => ({ url: firstPage(e), userData: { account, platform: e.platform } })));
  return { pagesFetched: pages, unread: entries.length - newest.size };
});
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exit(0);
