import { parseAccounts } from '../../src/accounts/load-accounts.ts';
import type { Account } from '../../src/accounts/account.ts';
import type { CrawlSettings } from '../../src/crawlers/page-fetcher.ts';
import { accountsFile, type AccountsFileEntry } from '../../src/fake-platforms/accounts-file.ts';
import type { FakeAccount } from '../../src/fake-platforms/population.ts';
import { startFakePlatforms, type FakePlatforms } from '../../src/fake-platforms/server.ts';

/** Crawl settings for tests: loopback allowed explicitly, short limits so faults resolve fast. */
export function testCrawlSettings(overrides: Partial<CrawlSettings> = {}): CrawlSettings {
  return {
    policy: { allowPrivateHosts: true },
    limits: { maxBytes: 2 * 1024 * 1024, timeoutMs: 3000, maxRedirects: 5, userAgent: 'sleepwatch-test' },
    politeness: { default: { maxConcurrency: 16, minDelayMs: 0 }, hosts: {} },
    httpConcurrency: 16,
    browserConcurrency: 2,
    retries: 1,
    retryBaseDelayMs: 50,
    maxRetryAfterMs: 1000,
    chromiumPath: process.env.SLEEPWATCH_CHROMIUM_PATH ?? '/usr/bin/chromium',
    ...overrides,
  };
}

/** Serves `population` and returns it as a validated accounts register, with the expected answers. */
export async function serveSimulated(
  population: FakeAccount[],
  now?: Date,
): Promise<{ server: FakePlatforms; accounts: Account[]; entries: AccountsFileEntry[] }> {
  const server = await startFakePlatforms({ port: 0, accounts: population, now });
  const entries = accountsFile(population, server.url);
  const accounts = parseAccounts(
    JSON.stringify(entries.map(({ name, platform, url, options }) => ({ name, platform, url, options }))),
    'json',
  );
  return { server, accounts, entries };
}
