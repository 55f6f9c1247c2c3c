import type { Kysely } from 'kysely';
import { InvalidInputError, redactUrl } from '../domain/errors.ts';
import type { AccountWithState } from '../store/accounts-repository.ts';
import type { Schema } from '../store/schema.ts';

/** The help text of an `<account>` argument. */
export const ACCOUNT_ARGUMENT_HELP = 'account id, or its URL (matched as import matches: host case and a trailing slash do not matter)';

/**
 * The one account an `<account>` argument names.
 *
 * @throws InvalidInputError when none does, or when the URL is registered on more than one
 * platform (then the ids to choose from are listed).
 */
export async function accountArgument(db: Kysely<Schema>, ref: string): Promise<AccountWithState> {
  // The store's modules load with the first command that opens it, not with the help.
  const { findAccounts } = await import('../store/accounts-repository.ts');
  const [account, ...others] = await findAccounts(db, ref.trim());
  const shown = /^\d+$/.test(ref.trim()) ? ref.trim() : redactUrl(ref.trim());
  if (!account)
    throw new InvalidInputError('no such account', [{ field: '<account>', message: `no registered account has id or URL "${shown}"` }]);
  if (others.length > 0) {
    const choices = [account, ...others].map((a) => `${a.id} (${a.platform})`).join(', ');
    throw new InvalidInputError('more than one account', [
      { field: '<account>', message: `"${shown}" is registered as ${others.length + 1} accounts: ${choices}; give the id` },
    ]);
  }
  return account;
}
