import { Command } from 'commander';
import { loadAccountsFile } from '../../accounts/load-accounts.ts';
import type { Config } from '../../config.ts';
import { importAccounts } from '../../store/accounts-repository.ts';
import { cliAction } from '../cli-action.ts';
import { withStore } from '../with-store.ts';

export function importCommand(config: Config): Command {
  return new Command('import')
    .description('add or update accounts in the register from a file (all or nothing; accounts matched by platform + URL)')
    .argument('<accounts-file>', 'accounts register: .csv, .yaml/.yml or .json')
    .action(
      cliAction(async (file: string) => {
        // Validated in full before the store is touched: a bad row changes nothing.
        const accounts = await loadAccountsFile(file, { policies: config.policies });
        const result = await withStore(config, (store) => importAccounts(store.db, accounts, new Date()));
        process.stdout.write(`imported ${accounts.length} accounts: ${result.added} added, ${result.updated} updated\n`);
      }),
    );
}
