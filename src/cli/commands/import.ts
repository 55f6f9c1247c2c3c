import { Command } from 'commander';
import type { Config } from '../../config.ts';
import { cliAction } from '../cli-action.ts';
import { addRegisterInput, loadRegister, type RegisterFlags } from '../register-input.ts';
import { withStore } from '../with-store.ts';

interface ImportFlags extends RegisterFlags {
  allowPrivateHosts?: boolean;
}

export function importCommand(config: Config): Command {
  return addRegisterInput(
    new Command('import').description(
      'add or update accounts in the register from a file (all or nothing; accounts matched by platform + URL)',
    ),
  )
    .option(
      '--allow-private-hosts',
      'accept loopback, private and link-local targets (the workers fetch them only with SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true)',
    )
    .action(
      cliAction(async (file: string, flags: ImportFlags) => {
        const { importAccounts } = await import('../../store/accounts-repository.ts');
        // Validated in full before the store is touched: a bad row changes nothing.
        const policy = { allowPrivateHosts: flags.allowPrivateHosts === true || config.crawl.policy.allowPrivateHosts };
        const accounts = await loadRegister(file, flags, config, policy, 'no account was imported');
        const result = await withStore(config, (store) => importAccounts(store.db, accounts, new Date()));
        process.stdout.write(
          `imported ${accounts.length} accounts: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged\n`,
        );
      }),
    );
}
