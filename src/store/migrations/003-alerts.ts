import { sql, type Kysely } from 'kysely';

/**
 * Alerts and their delivery: the alert lifecycle (one open alert per key), the events feeds
 * and webhooks carry, feed and webhook subscriptions, and a delivery ledger so a webhook
 * receives each event once. Account state gains what the status model needs from history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // An account without a policy of its own follows its group's, which the configuration may change.
  await db.schema
    .alterTable('accounts')
    .alterColumn('policy', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('account_state')
    .addColumn('reason_data', 'jsonb')
    .addColumn('consecutive_not_found', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('followers_approximate', 'boolean')
    .addColumn('last_post_url', 'text')
    .addColumn('last_post_excerpt', 'text')
    .execute();
  // Parse failures are told apart from network trouble: many at once mean a platform changed its pages.
  await db.schema
    .alterTable('observations')
    .addColumn('parse_failed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('observations_time').on('observations').column('fetched_at').execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('reason', 'jsonb', (c) => c.notNull())
    .addColumn('evidence', 'jsonb')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('notified_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The deduplication rule itself: at most one open alert per key, whoever tries to open it.
  await sql`create unique index alerts_open_key on alerts (key) where state = 'open'`.execute(db);
  await db.schema.createIndex('alerts_account').on('alerts').column('account_id').execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    /** The alert as it stood right after the event, with its account: feeds render from this alone. */
    .addColumn('alert', 'jsonb', (c) => c.notNull())
    /** Handed to the delivery queue (an outbox: a crash between commit and enqueue is caught up later). */
    .addColumn('dispatched', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index alert_events_undispatched on alert_events (id) where not dispatched`.execute(db);

  await db.schema
    .createTable('feeds')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('filter', 'jsonb', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('filter', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('webhook_id', 'bigint', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('alert_events.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['webhook_id', 'event_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_deliveries', 'webhooks', 'feeds', 'alert_events', 'alerts']) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('observations_time').execute();
  await db.schema.alterTable('observations').dropColumn('parse_failed').execute();
  await db.schema
    .alterTable('account_state')
    .dropColumn('reason_data')
    .dropColumn('consecutive_not_found')
    .dropColumn('followers_approximate')
    .dropColumn('last_post_url')
    .dropColumn('last_post_excerpt')
    .execute();
}
