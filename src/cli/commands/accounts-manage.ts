import { Command, Option } from 'commander';
import { shownAccountName } from '../../accounts/account.ts';
import { ACCOUNTS_FORMATS, type AccountsFormat } from '../../accounts/accounts-format.ts';
import type { Config } from '../../config.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { AccountWithState } from '../../store/accounts-repository.ts';
import type { Store } from '../../store/database.ts';
import { ACCOUNT_ARGUMENT_HELP, accountArgument } from '../account-argument.ts';
import { cliAction } from '../cli-action.ts';
import { withStore } from '../with-store.ts';

/** `accounts pause | resume | remove | export`: the register's accounts one at a time, and the register as a file. */
export function accountsManageCommands(config: Config): Command[] {
  return [pauseCommand(config, 'pause'), pauseCommand(config, 'resume'), removeCommand(config), exportCommand(config)].map((command) =>
    command.exitOverride().showHelpAfterError(),
  );
}

/** Runs `change` on the account `ref` names and says what became of it. */
async function changeAccount(
  config: Config,
  ref: string,
  change: (store: Store, account: AccountWithState) => Promise<string>,
): Promise<void> {
  const said = await withStore(config, async (store) => {
    const account = await accountArgument(store.db, ref);
    const done = await change(store, account);
    return `account ${account.id} (${shownAccountName(account.name, account.display_name, account.url)}) ${done}\n`;
  });
  process.stdout.write(said);
}

function pauseCommand(config: Config, action: 'pause' | 'resume'): Command {
  const paused = action === 'pause';
  return new Command(action)
    .description(
      paused
        ? 'stop looking at an account, and judging it for alerts, until it is resumed (its history stays)'
        : 'look at a paused account again, as scheduled',
    )
    .argument('<account>', ACCOUNT_ARGUMENT_HELP)
    .action(
      cliAction(async (ref: string) => {
        const { setAccountPaused } = await import('../../store/account-changes-repository.ts');
        await changeAccount(config, ref, async (store, account) => {
          await setAccountPaused(store.db, account.id, paused, new Date());
          return paused ? 'paused' : 'resumed';
        });
      }),
    );
}

function removeCommand(config: Config): Command {
  return new Command('remove')
    .description(
      'take an account out of the register: out of every list, the schedule and the alerts (its open alerts are resolved); ' +
        'its observations stay, and importing it again brings it back',
    )
    .argument('<account>', ACCOUNT_ARGUMENT_HELP)
    .option('--purge', 'delete its observations, posts and alerts too (cannot be undone)')
    .action(
      cliAction(async (ref: string, flags: { purge?: boolean }) => {
        const { removeAccount } = await import('../../store/account-changes-repository.ts');
        await changeAccount(config, ref, async (store, account) => {
          await removeAccount(store.db, account.id, flags.purge ? 'purge' : 'keep', new Date());
          return flags.purge ? 'removed, with everything recorded about it' : 'removed; its observations are kept';
        });
      }),
    );
}

interface ExportFlags {
  format: AccountsFormat;
  output?: string;
}

function exportCommand(config: Config): Command {
  return new Command('export')
    .description('write the register (every account not removed) in the format import reads; importing it changes nothing')
    .addOption(new Option('--format <format>', 'register format').choices(ACCOUNTS_FORMATS).default('csv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(
      cliAction(async (flags: ExportFlags) => {
        const { accountFromRow, registeredAccounts } = await import('../../store/account-changes-repository.ts');
        const { exportAccounts } = await import('../../accounts/export-accounts.ts');
        const rows = await withStore(config, (store) => registeredAccounts(store.db));
        const file = exportAccounts(rows.map(accountFromRow), flags.format);
        if (flags.output === undefined) {
          process.stdout.write(file);
          return;
        }
        const { writeFile } = await import('node:fs/promises');
        await writeFile(flags.output, file).catch((err: NodeJS.ErrnoException) => {
          throw new InvalidInputError(`cannot write ${flags.output}: ${err.code ?? err.message}`, [
            { field: '--output', message: 'give a file in a folder that exists and can be written' },
          ]);
        });
        process.stderr.write(`exported ${rows.length} accounts to ${flags.output}\n`);
      }),
    );
}
