import type { Kysely } from 'kysely';

/**
 * An account may name an access profile of the platform settings (its own cookies, headers or
 * proxy). Only the name is stored: the settings, secrets and all, live in the installation's
 * configuration, never in the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('access', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('access').execute();
}
