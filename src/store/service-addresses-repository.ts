import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** Where a running service said it can be reached, and which process said so. */
export interface ServiceAddress {
  url: string;
  hostname: string;
  pid: number;
  startedAt: Date;
}

/** Records (or replaces) where `service` listens: the latest process to start wins. */
export async function recordServiceAddress(db: Kysely<Schema>, service: string, address: ServiceAddress): Promise<void> {
  const row = { url: address.url, hostname: address.hostname, pid: address.pid, started_at: address.startedAt };
  await db
    .insertInto('service_addresses')
    .values({ service, ...row })
    .onConflict((oc) => oc.column('service').doUpdateSet(row))
    .execute();
}

/** Removes the record of `service` if this process made it (another may have started since). */
export async function forgetServiceAddress(db: Kysely<Schema>, service: string, owner: { hostname: string; pid: number }): Promise<void> {
  await db
    .deleteFrom('service_addresses')
    .where('service', '=', service)
    .where('hostname', '=', owner.hostname)
    .where('pid', '=', owner.pid)
    .execute();
}

export async function serviceAddress(db: Kysely<Schema>, service: string): Promise<ServiceAddress | undefined> {
  const row = await db.selectFrom('service_addresses').selectAll().where('service', '=', service).executeTakeFirst();
  return row && { url: row.url, hostname: row.hostname, pid: row.pid, startedAt: row.started_at };
}
