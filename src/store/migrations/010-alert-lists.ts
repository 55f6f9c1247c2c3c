import type { Kysely } from 'kysely';

/**
 * What the alerts list and the evaluator's quiet-account lookup read at scale: the list pages
 * 100,000 alerts newest first with no state given (009's index leads with the state), and a
 * group mute or maintenance window finds its group's accounts without scanning the register.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('alerts_opened').on('alerts').columns(['opened_at', 'id']).execute();
  await db.schema.createIndex('accounts_group').on('accounts').column('group_name').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('accounts_group').execute();
  await db.schema.dropIndex('alerts_opened').execute();
}
