import { sql, type Kysely } from 'kysely';

/**
 * Leases that end. The scheduler hands a due account to a crawl job for a short lease, not
 * for a whole interval, and notes which job holds it and for which round: when the lease ends
 * with no observation recorded, the scheduler asks the queue whether that job is still alive,
 * and queues the account again (in the same round) if the job is gone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('account_state')
    .addColumn('lease_job', 'text')
    .addColumn('lease_round', 'text')
    .addColumn('round_leases', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The scheduler's second question, "whose lease has ended?", from an index of leased accounts only.
  await sql`create index account_state_leases on account_state (next_due_at) where lease_job is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('account_state_leases').execute();
  await db.schema.alterTable('account_state').dropColumn('lease_job').dropColumn('lease_round').dropColumn('round_leases').execute();
}
