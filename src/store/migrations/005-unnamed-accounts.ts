import { sql, type Kysely } from 'kysely';

/**
 * An account given no name in the register stays unnamed (it used to be stored under its URL's last
 * path segment, a stand-in that then hid the page's own name for good), and each account's
 * state keeps the display name its pages last showed, to be shown in place of a missing name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .alterColumn('name', (c) => c.dropNotNull())
    .execute();
  await db.schema.alterTable('account_state').addColumn('display_name', 'text').execute();
  // From the history already recorded, so names show at once rather than after the next look.
  await sql`
    update account_state s set display_name = (
      select o.display_name from observations o
       where o.account_id = s.account_id and o.display_name is not null
       order by o.fetched_at desc limit 1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account_state').dropColumn('display_name').execute();
  await sql`update accounts set name = url where name is null`.execute(db);
  await db.schema
    .alterTable('accounts')
    .alterColumn('name', (c) => c.setNotNull())
    .execute();
}
