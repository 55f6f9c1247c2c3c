import { Command, Option } from 'commander';
import { parseAccounts } from '../../accounts/load-accounts.ts';
import { CHECK_COLUMNS, type CheckRow } from '../../check/check-row.ts';
import { runCheck } from '../../check/run-check.ts';
import type { Config } from '../../config.ts';
import { PageFetcher } from '../../crawlers/page-fetcher.ts';
import { accountsFile } from '../../fake-platforms/accounts-file.ts';
import { buildPopulation } from '../../fake-platforms/population.ts';
import { startFakePlatforms } from '../../fake-platforms/server.ts';
import { cliAction } from '../cli-action.ts';
import { formatRows } from '../format-rows.ts';
import { progressBar } from '../progress.ts';

interface DemoFlags {
  once?: boolean;
  format: 'table' | 'json';
}

/** About fifty accounts of varied activity, with a few failing in each way a platform can fail. */
const DEMO_SEED = 'demo';
const DEMO_ACCOUNTS = 50;

export function demoCommand(config: Config): Command {
  return new Command('demo')
    .description('start the simulated platforms, check their ~50 bundled accounts and print the statuses')
    .option('--once', 'exit after the check (the default for now; kept so scripts stay valid)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: DemoFlags) => {
        const population = buildPopulation({ count: DEMO_ACCOUNTS, seed: DEMO_SEED });
        const server = await startFakePlatforms({ port: 0, accounts: population });
        const entries = accountsFile(population, server.url);
        const accounts = parseAccounts(JSON.stringify(entries.map(({ name, platform, url, options }) => ({ name, platform, url, options }))), 'json');
        const host = new URL(server.url).host;
        const fetcher = new PageFetcher({
          ...config.crawl,
          // The demo's own server is on loopback: the one place private hosts are allowed without a flag.
          policy: { allowPrivateHosts: true },
          politeness: { ...config.crawl.politeness, hosts: { [host]: { maxConcurrency: 8, minDelayMs: 0 } } },
          limits: { ...config.crawl.limits, timeoutMs: 5000 },
          retries: 1,
          retryBaseDelayMs: 200,
        });
        const progress = progressBar(accounts.length);
        let rows: CheckRow[];
        try {
          rows = await runCheck(accounts, fetcher, { concurrency: 16, onResult: progress.tick });
        } finally {
          progress.stop();
          await fetcher.close();
          await server.close();
        }
        const withExpected = rows.map((row, i) => ({ ...row, expected: entries[i]?.expectedStatus ?? null }));
        if (flags.format === 'json') {
          process.stdout.write(`${JSON.stringify(withExpected, null, 2)}\n`);
          return;
        }
        process.stdout.write(formatRows(withExpected, 'table', [...CHECK_COLUMNS.slice(0, 3), { key: 'expected', header: 'expected' }, ...CHECK_COLUMNS.slice(3)], { colour: process.stdout.isTTY }));
        const matching = withExpected.filter((r) => r.status === r.expected).length;
        const tally = new Map<string, number>();
        for (const row of rows) tally.set(row.status, (tally.get(row.status) ?? 0) + 1);
        const counts = [...tally].map(([status, n]) => `${status} ${n}`);
        process.stdout.write(`\n${rows.length} accounts: ${counts.join(', ')}. ${matching}/${rows.length} as the simulation expects.\n`);
      }),
    );
}
