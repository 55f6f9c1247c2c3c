import type { Kysely } from 'kysely';

/**
 * What a webhook needs to be judged once and then trusted: its own opt-in to private
 * receivers and a chat bot's signing secret (DingTalk's and Feishu's 加签), and the outcome of
 * its last delivery, one row per webhook, overwritten by each attempt (the per-event ledger
 * `webhook_deliveries` says whether an event went out; this says how the receiver is doing).
 *
 * Also where `serve` says which address its HTTP server listens on, so that other processes
 * sharing the store (`feeds add` on the same machine, or anywhere on PostgreSQL) print URLs
 * that reach it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('webhooks')
    .addColumn('sign_secret', 'text')
    .addColumn('allow_private_hosts', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable('webhook_last_deliveries')
    .addColumn('webhook_id', 'bigint', (c) => c.primaryKey().references('webhooks.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('reason', 'text')
    .addColumn('test', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable('service_addresses')
    .addColumn('service', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('service_addresses').execute();
  await db.schema.dropTable('webhook_last_deliveries').execute();
  await db.schema.alterTable('webhooks').dropColumn('sign_secret').dropColumn('allow_private_hosts').execute();
}
