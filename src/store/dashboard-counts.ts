import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** What the accounts are counted by on the overview. */
export type AccountDimension = 'status' | 'platform' | 'unit';

const COLUMNS: Record<AccountDimension, string> = { status: 's.status', platform: 'a.platform', unit: 'a.unit' };

export interface DimensionCount {
  /** Null: accounts without a unit. */
  value: string | null;
  count: number;
}

/**
 * Registered accounts (removed ones never) counted by one dimension, most first, in SQL: the
 * overview of a register of 100,000 reads counts, not rows. `scopeUnit` limits it to the unit of
 * a unit's token.
 */
export async function countAccountsBy(db: Kysely<Schema>, by: AccountDimension, scopeUnit: string | null): Promise<DimensionCount[]> {
  const column = sql.ref(COLUMNS[by]);
  const { rows } = await sql<{ value: string | null; count: number }>`
    select ${column} as value, count(*)::int as count
      from accounts a join account_state s on s.account_id = a.id
     where a.removed_at is null ${scopeUnit != null ? sql`and a.unit = ${scopeUnit}` : sql``}
     group by ${column}
     order by count(*) desc, ${column} asc nulls last`.execute(db);
  return rows;
}

/** Open alerts, limited to a unit's accounts' for a unit's token (platform-level ones then do not count, as in the alerts API). */
export async function countOpenAlerts(db: Kysely<Schema>, scopeUnit: string | null): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from alerts al
      ${scopeUnit != null ? sql`join accounts a on a.id = al.account_id and a.unit = ${scopeUnit}` : sql``}
     where al.state = 'open'`.execute(db);
  return rows[0]!.n;
}
