import { sql, type Kysely } from 'kysely';
import { accountKey, type Account } from '../accounts/account.ts';
import { accountValues } from './accounts-repository.ts';
import { resolveAlert } from './alerts-repository.ts';
import type { AccountRow, Schema } from './schema.ts';

// Changes to single accounts made through the API and the command line (edit, pause, resume,
// remove), and the register as it stands, for its export. Accounts are added by
// `importAccounts`, one or a whole register alike.

/** A stored account as the register describes it: what `registerEntry` writes and `importAccounts` stores. */
export function accountFromRow(row: AccountRow): Account {
  return {
    platform: row.platform,
    url: row.url,
    name: row.name,
    unit: row.unit,
    region: row.region,
    group: row.group_name,
    policy: row.policy,
    intervalMs: row.interval_seconds * 1000,
    timeZone: row.time_zone,
    options: row.options,
    ...(row.access === null ? {} : { access: row.access }),
  };
}

/** Every registered account (not those removed), by id; only `unit`'s when given. */
export async function registeredAccounts(db: Kysely<Schema>, filter: { unit?: string | null } = {}): Promise<AccountRow[]> {
  let query = db.selectFrom('accounts').selectAll().where('removed_at', 'is', null);
  if (filter.unit != null) query = query.where('unit', '=', filter.unit);
  return query.orderBy('id').execute();
}

/** The stored account (registered or removed) that has this platform and URL, if any. */
export async function accountWithKey(
  db: Kysely<Schema>,
  platform: string,
  url: string,
): Promise<Pick<AccountRow, 'id' | 'unit' | 'removed_at'> | undefined> {
  const key = accountKey(platform, url) ?? `${platform} ${url}`;
  return db.selectFrom('accounts').select(['id', 'unit', 'removed_at']).where('account_key', '=', key).executeTakeFirst();
}

/**
 * Writes a registered account's register fields as `account` says, its platform and URL
 * included (the caller has made sure no other account has them). False when no registered
 * account has the id.
 */
export async function updateAccount(db: Kysely<Schema>, id: number, account: Account, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({
      ...accountValues(account),
      updated_at: stamp(now),
    })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Pauses a registered account (no longer scheduled, its standing no longer judged for alerts)
 * or resumes it. Doing it twice is doing it once. False when no registered account has the id.
 */
export async function setAccountPaused(db: Kysely<Schema>, id: number, paused: boolean, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ enabled: !paused, updated_at: stamp(now) })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type RemovedHistory = 'keep' | 'purge';

/**
 * Takes a registered account out of the register. `keep`: it leaves every list, the schedule
 * and the alert evaluation, and its observations stay (importing it again brings it back with
 * them); its open alerts are resolved now, each with an event, as its last word: left open,
 * an alert no evaluation will ever close again would stay on every open list and be reminded
 * for good. `purge`: the account and everything recorded about it are deleted.
 * False when no registered account has the id.
 */
export async function removeAccount(db: Kysely<Schema>, id: number, history: RemovedHistory, now: Date): Promise<boolean> {
  if (history === 'purge') {
    const result = await db.deleteFrom('accounts').where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('accounts')
      .set({ removed_at: now, enabled: false, updated_at: stamp(now) })
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    const open = await trx
      .selectFrom('alerts')
      .select(['id', 'reason'])
      .where('account_id', '=', id)
      .where('state', '=', 'open')
      .orderBy('id')
      .execute();
    // Resolved with the reason it had: the account was not seen to change, only no longer watched.
    for (const alert of open) await resolveAlert(trx, Number(alert.id), 'resolved', alert.reason, now);
    return true;
  });
}

/**
 * `updated_at` as a value. Its declared type (`Generated` around a `ColumnType`) admits no
 * value in an update, though the column takes any timestamp: hence the cast.
 */
function stamp(now: Date): never {
  return sql`${now}::timestamptz` as never;
}
