import { Option, type Command } from 'commander';
import type { Account } from '../accounts/account.ts';
import { ACCOUNTS_FORMATS, type AccountsFormat } from '../accounts/accounts-format.ts';
import type { Config } from '../config.ts';
import type { TargetPolicy } from '../crawlers/fetch-guard.ts';

/** Flags of the commands that read an accounts register. */
export interface RegisterFlags {
  inputFormat?: AccountsFormat;
}

/** The register argument (a file, or - for standard input) and its format flag. */
export function addRegisterInput(command: Command): Command {
  return command
    .argument('<accounts-file>', 'accounts register: .csv, .yaml/.yml or .json; - reads standard input (with --input-format)')
    .addOption(
      new Option('--input-format <format>', 'format of the register (default: told by the file name; needed for -)').choices(
        ACCOUNTS_FORMATS,
      ),
    );
}

/**
 * Loads a register for a command that will fetch its accounts (now, or in later sweeps):
 * every row valid, and none whose URL `policy` would never let be fetched. `outcome` says
 * what did not happen when it is refused ("nothing was fetched").
 */
export async function loadRegister(
  file: string,
  flags: RegisterFlags,
  config: Config,
  policy: TargetPolicy,
  outcome: string,
): Promise<Account[]> {
  const { loadAccountsFile } = await import('../accounts/load-accounts.ts');
  const { assertTargetsAllowed } = await import('../accounts/refused-targets.ts');
  const accounts = await loadAccountsFile(file, {
    policies: config.policies,
    limits: config.limits,
    format: flags.inputFormat,
    accessProfiles: config.crawl.access,
  });
  assertTargetsAllowed(accounts, policy, file === '-' ? 'the accounts register on standard input' : `accounts file ${file}`, outcome);
  return accounts;
}
