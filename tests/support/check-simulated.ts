import { runCheck } from '../../src/check/run-check.ts';
import type { CheckRow } from '../../src/check/check-row.ts';
import { PageFetcher } from '../../src/crawlers/page-fetcher.ts';
import type { AccountsFileEntry } from '../../src/fake-platforms/accounts-file.ts';
import type { FakeAccount } from '../../src/fake-platforms/population.ts';
import { serveSimulated, testCrawlSettings } from './simulated.ts';

export interface SimulatedCheck {
  /** One row per account, in the population's order. */
  rows: CheckRow[];
  entries: AccountsFileEntry[];
  close(): Promise<void>;
}

/** Serves `accounts` on the simulated platforms and checks each once, as `check` does. */
export async function checkSimulated(accounts: FakeAccount[], now: Date): Promise<SimulatedCheck> {
  const served = await serveSimulated(accounts, now);
  const fetcher = new PageFetcher(testCrawlSettings());
  const close = async () => {
    await fetcher.close();
    await served.server.close();
  };
  try {
    const rows = await runCheck(served.accounts, fetcher, { now, concurrency: 24 });
    return { rows, entries: served.entries, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The accounts whose status is not the one their simulated activity implies. */
export function unexpectedStatuses({ rows, entries }: Pick<SimulatedCheck, 'rows' | 'entries'>) {
  return rows
    .map((row, i) => ({ name: entries[i]!.url, got: row.status, expected: entries[i]!.expectedStatus, reason: row.reason }))
    .filter((r) => r.got !== r.expected);
}
