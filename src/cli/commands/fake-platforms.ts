import { Command } from 'commander';
import { cliAction } from '../cli-action.ts';
import { isoInstant, nonNegativeInt, positiveInt } from '../flags.ts';
import { untilSignal } from '../until-signal.ts';

interface FakeFlags {
  port: number;
  host: string;
  accounts: number;
  seed: string;
  now?: Date;
  faults: boolean;
}

export function fakePlatformsCommand(): Command {
  return new Command('fake-platforms')
    .description(
      'serve simulated Telegram, Mastodon, feed, profile, Bluesky, YouTube, WeChat, Weibo and Bilibili pages ' +
        'for a deterministic population of accounts',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', nonNegativeInt('--port', 65_535), 8081)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--accounts <n>', 'number of simulated accounts', positiveInt('--accounts', 1_000_000), 50)
    .option('--seed <seed>', 'seed of the population (same seed, same accounts)', 'demo')
    .option('--now <iso>', 'clock the pages are generated against (default: now)', isoInstant('--now'))
    .option('--no-faults', 'serve every account healthy (no captchas, 5xx, timeouts …)')
    .action(
      cliAction(async (flags: FakeFlags) => {
        const { buildPopulation } = await import('../../fake-platforms/population.ts');
        const { startFakePlatforms } = await import('../../fake-platforms/server.ts');
        const accounts = buildPopulation({ count: flags.accounts, seed: flags.seed, faults: flags.faults });
        const server = await startFakePlatforms({ port: flags.port, host: flags.host, accounts, now: flags.now });
        process.stdout.write(
          `simulated platforms at ${server.url} (${accounts.length} accounts, seed ${flags.seed})\n` +
            `accounts file: ${server.url}/accounts.csv (also /accounts.json with expected statuses)\n`,
        );
        await untilSignal();
        await server.close();
      }),
    );
}
