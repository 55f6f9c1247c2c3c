import { Command, Option } from 'commander';
import { shownAccountName } from '../../accounts/account.ts';
import { renderReason } from '../../activity/render-reason.ts';
import { STATUSES, type Status } from '../../domain/account-status.ts';
import type { Locale } from '../../domain/locale.ts';
import { accountsColumns } from '../check-columns.ts';
import { isoInZone } from '../../parsing/iso-in-zone.ts';
import type { Config } from '../../config.ts';
import type { AccountWithState } from '../../store/accounts-repository.ts';
import { cliAction } from '../cli-action.ts';
import { accountsManageCommands } from './accounts-manage.ts';
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
    unit: a.unit,
    region: a.region,
    group: a.group_name,
    platform: a.platform,
    url: a.url,
    // Written only from a judgement's status.
    status: a.status as Status,
    daysSilent: a.days_silent,
    lastPostAt: a.last_post_at ? isoInZone(a.last_post_at.toISOString(), a.time_zone) : null,
    followers: a.followers,
    outcome: a.last_outcome,
    // Rendered from the stored reason in the reader's language; older rows keep their text.
    reason: a.reason_data ? renderReason(a.reason_data, locale) : a.reason,
    lastCheckedAt: a.last_checked_at?.toISOString() ?? null,
    nextDueAt: a.next_due_at.toISOString(),
  };
}

export function accountsCommand(config: Config): Command {
  const command = new Command('accounts')
    .description('list the registered accounts with their current status; pause, resume, remove or export them')
    // Options after a subcommand's name are the subcommand's: `accounts export --format yaml` is not the list's --format.
    .enablePositionalOptions()
    .addOption(new Option('--status <status>', 'only accounts with this status').choices([...STATUSES]))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      cliAction(async (flags: AccountsFlags) => {
        const { listAccounts } = await import('../../store/accounts-repository.ts');
        const { formatRows } = await import('../format-rows.ts');
        const rows = await withStore(config, (store) => listAccounts(store.db, { status: flags.status }));
        const { statusSummary, withStatusNames, worstFirst } = await import('../status-table.ts');
        const shown = worstFirst(rows.map((a) => accountRow(a, config.locale)));
        if (flags.format === 'json') {
          process.stdout.write(formatRows(shown, 'json', []));
          return;
        }
        const table = formatRows(withStatusNames(shown, config.locale), 'table', accountsColumns(config.locale), {
          colour: process.stdout.isTTY,
        });
        process.stdout.write(`${table}${statusSummary(shown, config.locale)}`);
      }),
    );
  for (const subcommand of accountsManageCommands(config)) command.addCommand(subcommand);
  return command;
}
