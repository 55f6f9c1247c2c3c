import { sql, type Kysely } from 'kysely';

/**
 * The accounts list's default order (most silent first) and its status filter, served from an
 * index at 100,000 accounts. The list sorts on `coalesce(-days_silent, 2147483647)` (`SILENCE_KEY`
 * in accounts-list-sort.ts): most silent first in ascending order, ties by ascending id, an
 * account with no post known last, so a keyset cursor pages past it like any other; migration
 * 009's indexes on the bare column cannot serve that order. Nearest the red line first reads
 * the same index once per red line (see `redLinePage`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const silence = sql`(coalesce(-days_silent, 2147483647))`;
  await sql`create index account_state_list_silent on account_state (${silence}, account_id)`.execute(db);
  await sql`create index account_state_list_status_silent on account_state (status, ${silence}, account_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('account_state_list_status_silent').execute();
  await db.schema.dropIndex('account_state_list_silent').execute();
}
