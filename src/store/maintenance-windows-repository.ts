import type { Kysely, Selectable } from 'kysely';
import type { MaintenanceWindowsTable, Schema } from './schema.ts';

/** No alerts for a group's accounts (every account when `group` is null) from `startsAt` until `endsAt`. */
export interface MaintenanceWindow {
  id: number;
  group: string | null;
  startsAt: Date;
  endsAt: Date;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export type NewMaintenanceWindow = Pick<MaintenanceWindow, 'group' | 'startsAt' | 'endsAt' | 'note' | 'createdBy'>;

export async function addMaintenanceWindow(db: Kysely<Schema>, window: NewMaintenanceWindow): Promise<MaintenanceWindow> {
  const row = await db
    .insertInto('maintenance_windows')
    .values({
      group_name: window.group,
      starts_at: window.startsAt,
      ends_at: window.endsAt,
      note: window.note,
      created_by: window.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWindow(row);
}

/** Windows by start: those not yet over at `now` (running and upcoming), or all when `now` is null. */
export async function listMaintenanceWindows(db: Kysely<Schema>, opts: { now: Date | null }): Promise<MaintenanceWindow[]> {
  let q = db.selectFrom('maintenance_windows').selectAll();
  if (opts.now) q = q.where('ends_at', '>', opts.now);
  const rows = await q.orderBy('starts_at').orderBy('id').limit(1000).execute();
  return rows.map(toWindow);
}

/** @returns whether there was such a window. */
export async function removeMaintenanceWindow(db: Kysely<Schema>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('maintenance_windows').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function toWindow(r: Selectable<MaintenanceWindowsTable>): MaintenanceWindow {
  return {
    id: Number(r.id),
    group: r.group_name,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    note: r.note,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
  };
}
