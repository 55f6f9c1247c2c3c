import { sql, type Kysely } from 'kysely';
import { FOLLOWER_CHANGE_WORTH_A_LOOK } from '../activity/follower-signals.ts';
import type { Judgement } from '../activity/status.ts';
import type { Observation } from '../domain/observation.ts';
import { prepared } from './embedded/index.ts';
import type { ObservationRow, Schema } from './schema.ts';

/** Posts kept per account: enough for cadence statistics, bounded for thousands of accounts. */
export const POSTS_KEPT_PER_ACCOUNT = 200;

export interface ObservationRecord {
  accountId: number;
  /** The crawl round that made it (the job id): recording the same round twice changes nothing. */
  roundKey: string;
  observation: Observation;
  judgement: Judgement;
  nextDueAt: Date;
}

/**
 * Stores one observation with the posts it showed and moves the account's state on, in one
 * statement (so atomically, and in one round trip: this runs for every account of every
 * sweep). Idempotent per (account, round): a job retried after a crash that already wrote its
 * row returns `recorded: false` and changes nothing. A failed look keeps the last known post
 * time and followers; the status changes its `since` only when the status itself changes. A
 * look that moves the known followers by FOLLOWER_CHANGE_WORTH_A_LOOK or more is noted in
 * `followers_moved_at` for the alert evaluation.
 */
export async function recordObservation(db: Kysely<Schema>, record: ObservationRecord): Promise<{ recorded: boolean }> {
  const [result] = await recordObservations(db, [record]);
  return result!;
}

/**
 * `recordObservation` for many accounts in one statement (one commit), for workers that
 * finish many jobs at once. An account may appear once per call: the posts and state of one
 * account cannot be written twice by one statement.
 */
export async function recordObservations(db: Kysely<Schema>, records: readonly ObservationRecord[]): Promise<Array<{ recorded: boolean }>> {
  if (new Set(records.map((r) => r.accountId)).size !== records.length)
    throw new RangeError('recordObservations: an account appears twice in one batch');
  const input = JSON.stringify(records.map(toInputRow));
  const ids = records.map((r) => r.accountId);
  const { rows } = await prepared(sql<{ account_id: number; recorded: boolean; kept: number }>`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as r(
        account_id bigint, round_key text, fetched_at timestamptz, outcome text, http_status int, display_name text,
        followers bigint, followers_approximate boolean, posts_count bigint, last_post_at timestamptz, last_post_precision text,
        last_post_url text, last_post_excerpt text, status text, days_silent int, reason text, reason_data jsonb, error text,
        parse_failed boolean, ok boolean, next_due_at timestamptz, posts jsonb)
    ), obs as (
      insert into observations (account_id, round_key, fetched_at, outcome, http_status, display_name, followers,
        followers_approximate, posts_count, last_post_at, last_post_precision, last_post_url, last_post_excerpt,
        status, days_silent, reason, error, parse_failed)
      select account_id, round_key, fetched_at, outcome, http_status, display_name, followers,
        followers_approximate, posts_count, last_post_at, last_post_precision, last_post_url, last_post_excerpt,
        status, days_silent, reason, error, parse_failed
        from input
      on conflict (account_id, round_key) do nothing
      returning account_id
    ), new_posts as (
      insert into posts (account_id, post_id, at, precision, pinned, repost, url, excerpt)
      select i.account_id, p.post_id, p.at, p.precision, p.pinned, p.repost, p.url, p.excerpt
        from input i join obs o on o.account_id = i.account_id
        cross join lateral jsonb_to_recordset(i.posts)
          as p(post_id text, at timestamptz, precision text, pinned boolean, repost boolean, url text, excerpt text)
      -- Most posts on a page were there last round: only a changed one is written again.
      on conflict (account_id, post_id) do update set
        at = excluded.at, precision = excluded.precision, pinned = excluded.pinned,
        repost = excluded.repost, url = excluded.url, excerpt = excluded.excerpt
        where (posts.at, posts.precision, posts.pinned, posts.repost, posts.url, posts.excerpt)
              is distinct from (excluded.at, excluded.precision, excluded.pinned, excluded.repost, excluded.url, excluded.excerpt)
      returning account_id
    ), state as (
      update account_state s set
        status = i.status,
        status_since = case when s.status = i.status then s.status_since else i.fetched_at end,
        reason = i.reason,
        reason_data = i.reason_data,
        last_post_at = case when i.ok then i.last_post_at else s.last_post_at end,
        last_post_precision = case when i.ok then i.last_post_precision else s.last_post_precision end,
        last_post_url = case when i.ok then i.last_post_url else s.last_post_url end,
        last_post_excerpt = case when i.ok then i.last_post_excerpt else s.last_post_excerpt end,
        days_silent = case when i.ok then i.days_silent else s.days_silent end,
        followers = coalesce(i.followers, s.followers),
        -- Noted for the alert evaluation, which compares the move with the account's history.
        followers_moved_at = case when abs(i.followers - s.followers) >= ${FOLLOWER_CHANGE_WORTH_A_LOOK}
                                  then i.fetched_at else s.followers_moved_at end,
        display_name = coalesce(i.display_name, s.display_name),
        followers_approximate = case when i.followers is null then s.followers_approximate else i.followers_approximate end,
        last_checked_at = i.fetched_at,
        last_success_at = case when i.ok then i.fetched_at else s.last_success_at end,
        last_outcome = i.outcome,
        consecutive_failures = case when i.ok then 0 else s.consecutive_failures + 1 end,
        consecutive_not_found = case when i.outcome = 'not_found' then s.consecutive_not_found + 1 else 0 end,
        next_due_at = i.next_due_at,
        -- Looked at: whatever lease the account was under has served its purpose.
        lease_job = null,
        lease_round = null,
        round_leases = 0
        from input i join obs o on o.account_id = i.account_id
       -- Names the rows outright: joined only to the input, the planner (which guesses its
       -- size) may scan the whole table for every batch.
       where s.account_id = i.account_id and s.account_id = any(${ids}::bigint[])
      returning s.account_id
    )
    select i.account_id,
           exists (select 1 from obs o where o.account_id = i.account_id) as recorded,
           (select count(*) from posts p where p.account_id = i.account_id)::int
             + (select count(*) from new_posts n where n.account_id = i.account_id)::int as kept
      from input i`).execute(db);
  const byAccount = new Map(rows.map((r) => [Number(r.account_id), r]));
  // Trimmed only where an account may have gone over the bound (the counts above include updates).
  const over = rows.filter((r) => r.recorded && r.kept > POSTS_KEPT_PER_ACCOUNT).map((r) => Number(r.account_id));
  if (over.length) {
    await sql`
      delete from posts p using (
        select account_id, post_id, row_number() over (partition by account_id order by at desc) as n
          from posts where account_id = any(${over}::bigint[])) ranked
       where p.account_id = ranked.account_id and p.post_id = ranked.post_id and ranked.n > ${POSTS_KEPT_PER_ACCOUNT}`.execute(db);
  }
  return records.map((r) => ({ recorded: byAccount.get(r.accountId)?.recorded === true }));
}

function toInputRow({ accountId, roundKey, observation: obs, judgement, nextDueAt }: ObservationRecord) {
  return {
    account_id: accountId,
    round_key: roundKey,
    fetched_at: obs.fetchedAt,
    outcome: obs.outcome,
    http_status: obs.httpStatus,
    display_name: obs.displayName,
    followers: obs.followers,
    followers_approximate: obs.followersApproximate,
    posts_count: obs.postsCount,
    last_post_at: obs.lastPostAt,
    last_post_precision: obs.lastPostPrecision,
    last_post_url: obs.lastPostUrl,
    last_post_excerpt: obs.lastPostExcerpt,
    status: judgement.status,
    days_silent: judgement.daysSilent,
    reason: judgement.reasonText,
    reason_data: judgement.reason,
    error: obs.error,
    parse_failed: obs.parseFailed,
    ok: obs.outcome === 'ok',
    next_due_at: nextDueAt.toISOString(),
    posts: obs.posts.map((p) => ({
      post_id: p.id,
      at: p.at,
      precision: p.precision,
      pinned: p.pinned,
      repost: p.repost,
      url: p.url ?? null,
      excerpt: p.excerpt ?? null,
    })),
  };
}

/** An account's observations, newest first. */
export async function accountHistory(db: Kysely<Schema>, accountId: number, limit = 100): Promise<ObservationRow[]> {
  return db
    .selectFrom('observations')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('fetched_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The observation a crawl round already recorded, if any (a retried job checks before fetching again). */
export async function observationForRound(db: Kysely<Schema>, accountId: number, roundKey: string): Promise<ObservationRow | undefined> {
  return db.selectFrom('observations').selectAll().where('account_id', '=', accountId).where('round_key', '=', roundKey).executeTakeFirst();
}
