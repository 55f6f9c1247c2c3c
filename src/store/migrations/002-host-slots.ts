import type { Kysely } from 'kysely';

/** Per-host politeness shared by worker processes when there is no Redis (see StoreHostGate). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('host_slots')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('host_slots_pk', ['host', 'slot'])
    .execute();
  await db.schema
    .createTable('host_spacing')
    .addColumn('host', 'text', (c) => c.primaryKey())
    .addColumn('next_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('host_spacing').execute();
  await db.schema.dropTable('host_slots').execute();
}
