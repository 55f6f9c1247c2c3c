import { sql, type Kysely } from 'kysely';
import type { Precision } from '../domain/observation.ts';
import type { Schema } from '../store/schema.ts';

/** An account of the register as it stood at the check time, with what sampling and the table need. */
export interface RegisteredAccount {
  id: number;
  platform: string;
  url: string;
  name: string | null;
  displayName: string | null;
  unit: string | null;
  region: string | null;
  group: string | null;
  policy: string | null;
  timeZone: string;
}

/**
 * The accounts registered at `asOf`: added at or before it and not removed by then. Accounts the
 * register marks closed by their owner are left out: they are not expected to post, so a spot
 * check of updates does not count them.
 */
export async function registeredAsOf(db: Kysely<Schema>, asOf: Date): Promise<RegisteredAccount[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .leftJoin('account_state as s', 's.account_id', 'a.id')
    .select(['a.id', 'a.platform', 'a.url', 'a.name', 's.display_name', 'a.unit', 'a.region', 'a.group_name', 'a.policy', 'a.time_zone'])
    .where(sql<Date>`a.created_at`, '<=', asOf)
    .where((eb) => eb.or([eb('a.removed_at', 'is', null), eb('a.removed_at', '>', asOf)]))
    .where('a.registered_closed', '=', false)
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    platform: r.platform,
    url: r.url,
    name: r.name,
    displayName: r.display_name,
    unit: r.unit,
    region: r.region,
    group: r.group_name,
    policy: r.policy,
    timeZone: r.time_zone,
  }));
}

/** One stored look, as much of it as a judgement as of a past time needs. */
export interface StoredLook {
  fetchedAt: Date;
  outcome: string;
  error: string | null;
  postsCount: number | null;
  lastPostAt: Date | null;
  lastPostPrecision: Precision | null;
  lastPostExcerpt: string | null;
}

export interface StoredPost {
  id: string;
  at: Date;
  precision: Precision;
  pinned: boolean;
  repost: boolean;
  excerpt: string | null;
}

/** What the store held about one account at the check time. */
export interface HistoryAsOf {
  /** The two newest looks at or before the check time, newest first (two: "not found" twice means gone). */
  latestLooks: StoredLook[];
  /** The newest successful look at or before the check time, if any. */
  latestOk: StoredLook | null;
  /** Failed looks since `latestOk` (all of them when there is none), up to the check time. */
  failuresSince: number;
  /** Posts dated at or before the check time. */
  posts: StoredPost[];
}

/**
 * Loads the stored history of `ids` up to `asOf`, a few statements for the whole sample. Only the
 * newest looks are read (by index, per account), never an account's whole history.
 */
export async function historyAsOf(db: Kysely<Schema>, ids: readonly number[], asOf: Date): Promise<Map<number, HistoryAsOf>> {
  const result = new Map<number, HistoryAsOf>(ids.map((id) => [id, { latestLooks: [], latestOk: null, failuresSince: 0, posts: [] }]));
  if (ids.length === 0) return result;
  const looks = await sql<LookRow & { account_id: number | string; ok_only: boolean }>`
    select a.id as account_id, false as ok_only, o.* from unnest(${ids}::bigint[]) as a(id)
      cross join lateral (
        select fetched_at, outcome, error, posts_count, last_post_at, last_post_precision, last_post_excerpt
          from observations where account_id = a.id and fetched_at <= ${asOf} order by fetched_at desc limit 2) o
    union all
    select a.id, true, o.* from unnest(${ids}::bigint[]) as a(id)
      cross join lateral (
        select fetched_at, outcome, error, posts_count, last_post_at, last_post_precision, last_post_excerpt
          from observations where account_id = a.id and fetched_at <= ${asOf} and outcome = 'ok'
         order by fetched_at desc limit 1) o`.execute(db);
  for (const row of looks.rows) {
    const entry = result.get(Number(row.account_id))!;
    const look = toLook(row);
    if (row.ok_only) entry.latestOk = look;
    else entry.latestLooks.push(look);
  }
  for (const entry of result.values()) entry.latestLooks.sort((a, b) => b.fetchedAt.getTime() - a.fetchedAt.getTime());
  // Counted per account from its last success on (by the (account_id, fetched_at) index), not over its whole history.
  const failures = await sql<{ account_id: number | string; n: number | string }>`
    select a.id as account_id,
           (select count(*) from observations o
             where o.account_id = a.id and o.fetched_at <= ${asOf} and o.outcome <> 'ok'
               and o.fetched_at > coalesce(ok.at, '-infinity')) as n
      from unnest(${ids}::bigint[]) as a(id)
      left join lateral (select max(k.fetched_at) as at from observations k
                          where k.account_id = a.id and k.outcome = 'ok' and k.fetched_at <= ${asOf}) ok on true`.execute(db);
  for (const row of failures.rows) result.get(Number(row.account_id))!.failuresSince = Number(row.n);
  const posts = await db
    .selectFrom('posts')
    .select(['account_id', 'post_id', 'at', 'precision', 'pinned', 'repost', 'excerpt'])
    .where('account_id', 'in', [...ids])
    .where('at', '<=', asOf)
    .execute();
  for (const p of posts) {
    result.get(Number(p.account_id))!.posts.push({
      id: p.post_id,
      at: new Date(p.at),
      precision: p.precision as Precision,
      pinned: p.pinned,
      repost: p.repost,
      excerpt: p.excerpt,
    });
  }
  return result;
}

interface LookRow {
  fetched_at: Date | string;
  outcome: string;
  error: string | null;
  posts_count: number | string | null;
  last_post_at: Date | string | null;
  last_post_precision: string | null;
  last_post_excerpt: string | null;
}

function toLook(row: LookRow): StoredLook {
  return {
    fetchedAt: new Date(row.fetched_at),
    outcome: row.outcome,
    error: row.error,
    postsCount: row.posts_count === null ? null : Number(row.posts_count),
    lastPostAt: row.last_post_at === null ? null : new Date(row.last_post_at),
    lastPostPrecision: row.last_post_precision as Precision | null,
    lastPostExcerpt: row.last_post_excerpt,
  };
}
