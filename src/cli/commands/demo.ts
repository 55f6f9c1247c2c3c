import { rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { checkColumns } from '../check-columns.ts';
import type { Config } from '../../config.ts';
import type { Monitor } from '../../jobs/monitor.ts';
import { cliAction } from '../cli-action.ts';
import { nonNegativeInt } from '../flags.ts';
import { untilSignal } from '../until-signal.ts';
import { accountRow } from './accounts.ts';

interface DemoFlags {
  once?: boolean;
  format: 'table' | 'json';
  port?: number;
}

/** About fifty accounts of varied activity, with a few failing in each way a platform can fail. */
const DEMO_SEED = 'demo';
const DEMO_ACCOUNTS = 50;

export function demoCommand(config: Config): Command {
  return new Command('demo')
    .description(
      'simulated platforms with ~50 bundled accounts, one sweep through the real queue, workers and embedded store, then keep serving',
    )
    .option('--once', 'exit after the sweep')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--port <n>', 'HTTP port while serving (default: PORT or 8080)', nonNegativeInt('--port', 65_535))
    .action(
      cliAction(async (flags: DemoFlags) => {
        const { configureLogging } = await import('../../logging/logger.ts');
        // On a terminal the progress bar and the table show the sweep, and a line per account
        // would tear the bar: there the demo logs warnings only, unless told otherwise.
        const terminal = Boolean(process.stderr.isTTY);
        const log = configureLogging({ level: config.log.level ?? (terminal ? 'warn' : 'info'), format: config.log.format, role: 'demo' });
        const { parseAccounts } = await import('../../accounts/load-accounts.ts');
        const { assertCanListen, startHttpServer } = await import('../../api/http-server.ts');
        const { accountsFile } = await import('../../fake-platforms/accounts-file.ts');
        const { buildPopulation } = await import('../../fake-platforms/population.ts');
        const { startFakePlatforms } = await import('../../fake-platforms/server.ts');
        const { Monitor } = await import('../../jobs/monitor.ts');
        const { importAccounts, listAccounts } = await import('../../store/accounts-repository.ts');
        const listen = { port: flags.port ?? config.port, host: config.host };
        // A taken port is found now, not after the sweep.
        if (!flags.once) await assertCanListen(listen);
        const population = buildPopulation({ count: DEMO_ACCOUNTS, seed: DEMO_SEED });
        const platforms = await startFakePlatforms({ port: 0, accounts: population });
        const entries = accountsFile(population, platforms.url);
        const accounts = parseAccounts(
          JSON.stringify(entries.map(({ name, platform, url, options }) => ({ name, platform, url, options }))),
          'json',
        );
        // The demo keeps its own embedded database beside the user's, fresh each time.
        const dataDir = path.join(config.store.dataDir, 'demo');
        await rm(dataDir, { recursive: true, force: true });
        const host = new URL(platforms.url).host;
        const monitor = await Monitor.start(
          { ...config, store: { dataDir }, queues: { prefix: 'sleepwatch-demo' } },
          {
            scheduler: true,
            worker: true,
            tickMs: 1000,
            batchSize: 1000,
            workerConcurrency: 16,
            lockDurationMs: config.monitor.lockDurationMs,
            crawl: {
              ...config.crawl,
              // The simulated platforms are on loopback: the one place private hosts are allowed without a flag.
              policy: { allowPrivateHosts: true },
              politeness: { ...config.crawl.politeness, hosts: { [host]: { maxConcurrency: 8, minDelayMs: 0 } } },
              limits: { ...config.crawl.limits, timeoutMs: 5000 },
              retries: 1,
              retryBaseDelayMs: 200,
            },
          },
        );
        try {
          await importAccounts(monitor.store.db, accounts, new Date());
          await monitor.tickNow();
          await waitForSweep(monitor, accounts.length);
          const expected = new Map(entries.map((e) => [e.url, e.expectedStatus]));
          const rows = (await listAccounts(monitor.store.db)).map((a) => ({
            ...accountRow(a, config.locale),
            expected: expected.get(a.url) ?? null,
          }));
          await printSweep(rows, flags.format);
          if (flags.once) return;
          const http = await startHttpServer({ store: monitor.store, queues: monitor.queues, config }, listen);
          const serving = `serving on ${http.url} (health: /healthz, /readyz); simulated platforms at ${platforms.url}; Ctrl-C to stop`;
          // Told to the person at the terminal whatever the log level; a log line for anything else.
          if (terminal) process.stderr.write(`\nsleepwatch demo: ${serving}\n`);
          else log.info({ event: 'started', url: http.url, platforms: platforms.url }, serving);
          await untilSignal();
          await http.close();
        } finally {
          await monitor.stop();
          await platforms.close();
        }
      }),
    );
}

/** Waits until every account has been looked at once, with a progress bar on a terminal. */
async function waitForSweep(monitor: Monitor, total: number): Promise<void> {
  const { progressBar } = await import('../progress.ts');
  const progress = progressBar(total);
  let seen = 0;
  try {
    while (seen < total) {
      await sleep(250);
      const row = await monitor.store.db
        .selectFrom('account_state')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('last_checked_at', 'is not', null)
        .executeTakeFirstOrThrow();
      for (; seen < Number(row.n); seen++) progress.tick();
    }
  } finally {
    progress.stop();
  }
}

async function printSweep(
  rows: Array<ReturnType<typeof accountRow> & { expected: string | null }>,
  format: 'table' | 'json',
): Promise<void> {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const { formatRows } = await import('../format-rows.ts');
  const columns = checkColumns('en', ['name', 'platform', 'status', 'expected', 'daysSilent', 'lastPostAt', 'followers', 'reason']);
  process.stdout.write(formatRows(rows, 'table', columns, { colour: process.stdout.isTTY }));
  const tally = new Map<string, number>();
  for (const row of rows) tally.set(row.status, (tally.get(row.status) ?? 0) + 1);
  const matching = rows.filter((r) => r.status === r.expected).length;
  const counts = [...tally].map(([s, n]) => `${s} ${n}`).join(', ');
  process.stdout.write(`\n${rows.length} accounts: ${counts}. ${matching}/${rows.length} as the simulation expects.\n`);
}
