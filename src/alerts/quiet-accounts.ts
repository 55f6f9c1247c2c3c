import { sql, type Kysely, type Transaction } from 'kysely';
import type { Schema } from '../store/schema.ts';

/**
 * The accounts that raise no alert at one moment: muted (the account, or its group, until a
 * later time) or inside a maintenance window (of its group, or of every account).
 */
export interface QuietAccounts {
  /** A maintenance window for every account is running: no account alerts at all. */
  everyone: boolean;
  ids: ReadonlySet<number>;
  has(accountId: number): boolean;
}

export const NOBODY_QUIET: QuietAccounts = { everyone: false, ids: new Set(), has: () => false };

/**
 * The quiet accounts at `now`, in one statement: the evaluator asks every few seconds. The
 * statement starts from the mutes and windows in force (a handful, found by their `until` and
 * `ends_at` indexes), not from the accounts, so it costs nothing while nobody muted anything.
 * A row with a null id stands for a window over every account.
 */
export async function quietAccounts(db: Kysely<Schema> | Transaction<Schema>, now: Date): Promise<QuietAccounts> {
  const { rows } = await sql<{ account_id: number | null }>`
    with quiet_groups as (
      select group_name from mutes where until > ${now} and group_name is not null
      union
      select group_name from maintenance_windows where starts_at <= ${now} and ends_at > ${now} and group_name is not null
    )
    select account_id from mutes where until > ${now} and account_id is not null
    union
    select a.id from accounts a join quiet_groups g on g.group_name = a.group_name
    union
    (select null from maintenance_windows where starts_at <= ${now} and ends_at > ${now} and group_name is null limit 1)`.execute(db);
  const everyone = rows.some((r) => r.account_id === null);
  const ids = new Set(rows.filter((r) => r.account_id !== null).map((r) => Number(r.account_id)));
  return { everyone, ids, has: (accountId) => everyone || ids.has(accountId) };
}
