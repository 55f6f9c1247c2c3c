import { Command, Option } from 'commander';
import type { Config } from '../../config.ts';
import { ACCOUNT_ARGUMENT_HELP, accountArgument } from '../account-argument.ts';
import { cliAction } from '../cli-action.ts';
import { positiveInt } from '../flags.ts';
import { withStore } from '../with-store.ts';

interface HistoryFlags {
  format: 'table' | 'json';
  limit: number;
}

export function historyCommand(config: Config): Command {
  return new Command('history')
    .description("an account's observations, newest first")
    .argument('<account>', ACCOUNT_ARGUMENT_HELP)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--limit <n>', 'most observations to show', positiveInt('--limit', 10_000), 50)
    .action(
      cliAction(async (ref: string, flags: HistoryFlags) => {
        const { accountHistory } = await import('../../store/observations-repository.ts');
        const { formatRows } = await import('../format-rows.ts');
        const rows = await withStore(config, async (store) => {
          const account = await accountArgument(store.db, ref);
          return accountHistory(store.db, account.id, flags.limit);
        });
        const out = rows.map((o) => ({
          fetchedAt: o.fetched_at.toISOString(),
          outcome: o.outcome,
          status: o.status,
          daysSilent: o.days_silent,
          lastPostAt: o.last_post_at?.toISOString() ?? null,
          followers: o.followers,
          reason: o.reason,
          error: o.error,
        }));
        const columns = ['fetchedAt', 'outcome', 'status', 'daysSilent', 'lastPostAt', 'followers', 'reason'].map((key) => ({
          key,
          header: key,
        }));
        process.stdout.write(formatRows(out, flags.format, columns, { colour: process.stdout.isTTY }));
      }),
    );
}
