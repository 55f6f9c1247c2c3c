/**
 * One benchmark run of `check`'s crawl-and-parse path: the same PageFetcher, adapters and
 * judgement the CLI uses. Args: <base url> <accounts> <concurrency>. Prints RunFigures.
 */
import { parseAccounts } from '../src/accounts/load-accounts.ts';
import { runCheck } from '../src/check/run-check.ts';
import { loadConfig } from '../src/config.ts';
import { PageFetcher } from '../src/crawlers/page-fetcher.ts';
import { measure } from './measure.ts';

const [base = '', , concurrencyArg = '50'] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const entries = (await (await fetch(`${base}/accounts.json`)).json()) as Array<{
  name: string;
  platform: string;
  url: string;
  options: object;
}>;
const accounts = parseAccounts(
  JSON.stringify(entries.map(({ name, platform, url, options }) => ({ name, platform, url, options }))),
  'json',
);
const config = loadConfig();
const host = new URL(base).host;
const fetcher = new PageFetcher({
  ...config.crawl,
  policy: { allowPrivateHosts: true },
  httpConcurrency: concurrency,
  politeness: { ...config.crawl.politeness, hosts: { [host]: { maxConcurrency: concurrency, minDelayMs: 0 } } },
});
let pages = 0;
const counting = {
  fetch: (req: Parameters<PageFetcher['fetch']>[0], via: Parameters<PageFetcher['fetch']>[1]) => (pages++, fetcher.fetch(req, via)),
};
const figures = await measure(accounts.length, async () => {
  const rows = await runCheck(accounts, counting, { concurrency });
  return { pagesFetched: pages, unread: rows.filter((r) => r.status === 'unknown').length };
});
await fetcher.close();
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exit(0);
