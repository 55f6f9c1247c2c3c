import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('account_key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('region', 'text')
    .addColumn('group_name', 'text')
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('registered_closed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('observations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('round_key', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('display_name', 'text')
    .addColumn('followers', 'bigint')
    .addColumn('followers_approximate', 'boolean')
    .addColumn('posts_count', 'bigint')
    .addColumn('last_post_at', 'timestamptz')
    .addColumn('last_post_precision', 'text')
    .addColumn('last_post_url', 'text')
    .addColumn('last_post_excerpt', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('days_silent', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addUniqueConstraint('observations_round_unique', ['account_id', 'round_key'])
    .execute();
  await db.schema.createIndex('observations_account_time').on('observations').columns(['account_id', 'fetched_at']).execute();

  await db.schema
    .createTable('posts')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('precision', 'text', (c) => c.notNull())
    .addColumn('pinned', 'boolean', (c) => c.notNull())
    .addColumn('repost', 'boolean', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('excerpt', 'text')
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('posts_pk', ['account_id', 'post_id'])
    .execute();
  await db.schema.createIndex('posts_account_time').on('posts').columns(['account_id', 'at']).execute();

  await db.schema
    .createTable('account_state')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_since', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('last_post_at', 'timestamptz')
    .addColumn('last_post_precision', 'text')
    .addColumn('days_silent', 'integer')
    .addColumn('followers', 'bigint')
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_outcome', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_due_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The scheduler's question, "who is due?", is answered from this index alone.
  await db.schema.createIndex('account_state_due').on('account_state').column('next_due_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['account_state', 'posts', 'observations', 'accounts']) await db.schema.dropTable(table).execute();
}
