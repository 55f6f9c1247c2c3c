import type { Kysely, Selectable } from 'kysely';
import type { MutesTable, Schema } from './schema.ts';

/** No alerts for one account, or for every account of a group, until a time. */
export interface Mute {
  id: number;
  /** Exactly one of `accountId` and `group` is set. */
  accountId: number | null;
  group: string | null;
  until: Date;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export type NewMute = Pick<Mute, 'accountId' | 'group' | 'until' | 'note' | 'createdBy'>;

export async function addMute(db: Kysely<Schema>, mute: NewMute): Promise<Mute> {
  const row = await db
    .insertInto('mutes')
    .values({ account_id: mute.accountId, group_name: mute.group, until: mute.until, note: mute.note, created_by: mute.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMute(row);
}

/**
 * Mutes, newest first: those still in force at `now`, or all when `now` is null. `unit` (a
 * unit-limited reader) keeps its unit's account mutes and the group mutes that cover at least one
 * of its unit's accounts: what silences its accounts is its business, other units' are not.
 */
export async function listMutes(db: Kysely<Schema>, opts: { now: Date | null; unit: string | null }): Promise<Mute[]> {
  let q = db.selectFrom('mutes').selectAll('mutes');
  if (opts.now) q = q.where('until', '>', opts.now);
  const unit = opts.unit;
  if (unit !== null) {
    q = q.where((eb) =>
      eb.or([
        eb('account_id', 'in', eb.selectFrom('accounts').select('id').where('unit', '=', unit)),
        eb('group_name', 'in', eb.selectFrom('accounts').select('group_name').where('unit', '=', unit).where('group_name', 'is not', null)),
      ]),
    );
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1000).execute();
  return rows.map(toMute);
}

/** The mute with this id, or undefined. */
export async function findMute(db: Kysely<Schema>, id: number): Promise<Mute | undefined> {
  const row = await db.selectFrom('mutes').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toMute(row);
}

/** Ends a mute at once (its row goes: an ended mute is history nobody asked to keep). @returns whether there was one. */
export async function removeMute(db: Kysely<Schema>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('mutes').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function toMute(r: Selectable<MutesTable>): Mute {
  return {
    id: Number(r.id),
    accountId: r.account_id === null ? null : Number(r.account_id),
    group: r.group_name,
    until: new Date(r.until),
    note: r.note,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
  };
}

/**
 * Whether any registered account is in the group: a mute or a window for a group nobody is in
 * silences nothing, and is almost always a typo that would leave the intended group loud.
 */
export async function groupHasAccounts(db: Kysely<Schema>, group: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('group_name', '=', group)
    .where('removed_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
