import { sql, type Kysely } from 'kysely';

/**
 * What the HTTP API and its command line manage: API tokens (stored as hashes, never the token),
 * who acknowledged an alert and why, mutes of an account or a group until a time, maintenance
 * windows, an account removed with its history kept, and the indexes the accounts list sorts
 * and filters 100,000 accounts by.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    /** SHA-256 of the token's secret part, hex: the secret itself is shown once and never stored. */
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .alterTable('alerts')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'text')
    .addColumn('ack_note', 'text')
    .execute();

  await db.schema
    .createTable('mutes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('group_name', 'text')
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('mutes_one_target', sql`(account_id is null) <> (group_name is null)`)
    .execute();
  await db.schema.createIndex('mutes_until').on('mutes').column('until').execute();

  await db.schema
    .createTable('maintenance_windows')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    /** Null: every account. */
    .addColumn('group_name', 'text')
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('maintenance_windows_order', sql`starts_at < ends_at`)
    .execute();
  await db.schema.createIndex('maintenance_windows_end').on('maintenance_windows').column('ends_at').execute();

  // Removed with its history kept: out of every list and schedule, its observations still there.
  await db.schema.alterTable('accounts').addColumn('removed_at', 'timestamptz').execute();

  // The accounts list filters and sorts on these; at 100,000 accounts a scan of the join is too slow.
  await db.schema.createIndex('account_state_status_silent').on('account_state').columns(['status', 'days_silent']).execute();
  await db.schema.createIndex('account_state_silent').on('account_state').columns(['days_silent', 'account_id']).execute();
  await db.schema.createIndex('accounts_unit').on('accounts').columns(['unit', 'id']).execute();
  await db.schema.createIndex('accounts_platform').on('accounts').columns(['platform', 'id']).execute();
  await db.schema.createIndex('alerts_state_opened').on('alerts').columns(['state', 'opened_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'alerts_state_opened',
    'accounts_platform',
    'accounts_unit',
    'account_state_silent',
    'account_state_status_silent',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('accounts').dropColumn('removed_at').execute();
  await db.schema.dropTable('maintenance_windows').execute();
  await db.schema.dropTable('mutes').execute();
  await db.schema.alterTable('alerts').dropColumn('acknowledged_at').dropColumn('acknowledged_by').dropColumn('ack_note').execute();
  await db.schema.dropTable('api_tokens').execute();
}
