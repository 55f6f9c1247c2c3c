import { Command, Option } from 'commander';
import { shownAccountName } from '../../accounts/account.ts';
import { renderReason } from '../../activity/render-reason.ts';
import { STATUSES } from '../../domain/account-status.ts';
import type { Locale } from '../../domain/locale.ts';
import { CHECK_COLUMNS } from '../check-columns.ts';
import type { Config } from '../../config.ts';
import type { AccountWithState } from '../../store/accounts-repository.ts';
import { cliAction } from '../cli-action.ts';
import { withStore } from '../with-store.ts';

interface AccountsFlags {
  status?: string;
  format: 'table' | 'json';
}

/** One register row as `check` shows an account, plus where it stands in the schedule. */
export function accountRow(a: AccountWithState, locale: Locale) {
  return {
    id: a.id,
    name: shownAccountName(a.name, a.display_name, a.url),
    platform: a.platform,
    url: a.url,
    status: a.status,
    daysSilent: a.days_silent,
    lastPostAt: a.last_post_at?.toISOString() ?? null,
    followers: a.followers,
    outcome: a.last_outcome,
    // Rendered from the stored reason in the reader's language; older rows keep their text.
    reason: a.reason_data ? renderReason(a.reason_data, locale) : a.reason,
    lastCheckedAt: a.last_checked_at?.toISOString() ?? null,
    nextDueAt: a.next_due_at.toISOString(),
  };
}

export function accountsCommand(config: Config): Command {
  return new Command('accounts')
    .description('list the registered accounts with their current status')
    .addOption(new Option('--status <status>', 'only accounts with this status').choices([...STATUSES]))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: AccountsFlags) => {
        const { listAccounts } = await import('../../store/accounts-repository.ts');
        const { formatRows } = await import('../format-rows.ts');
        const rows = await withStore(config, (store) => listAccounts(store.db, { status: flags.status }));
        const columns = [{ key: 'id', header: 'id' }, ...CHECK_COLUMNS, { key: 'nextDueAt', header: 'next check' }];
        process.stdout.write(
          formatRows(
            rows.map((a) => accountRow(a, config.locale)),
            flags.format,
            columns,
            { colour: process.stdout.isTTY },
          ),
        );
      }),
    );
}
