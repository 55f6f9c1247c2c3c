import { sql, type Kysely } from 'kysely';

/**
 * Follower checks belong to the alert evaluation, not to the crawl worker: recording a look
 * that moved an account's followers noticeably notes when it did, and the next evaluation
 * compares that account's history, then clears the note.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account_state').addColumn('followers_moved_at', 'timestamptz').execute();
  // Every evaluation asks "whose followers moved?": an index of the few noted accounts answers it.
  await sql`create index account_state_followers_moved on account_state (account_id) where followers_moved_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('account_state_followers_moved').execute();
  await db.schema.alterTable('account_state').dropColumn('followers_moved_at').execute();
}
