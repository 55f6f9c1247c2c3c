import { sql, type Kysely } from 'kysely';
import type { Judgement } from '../activity/status.ts';
import type { Observation } from '../observation.ts';
import { isParseFailure } from '../platforms/parse-page.ts';
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
 * time and followers; the status changes its `since` only when the status itself changes.
 */
export async function recordObservation(db: Kysely<Schema>, record: ObservationRecord): Promise<{ recorded: boolean }> {
  const { accountId, observation: obs, judgement } = record;
  const fetchedAt = new Date(obs.fetchedAt);
  const ok = obs.outcome === 'ok';
  const posts = JSON.stringify(
    obs.posts.map((p) => ({ post_id: p.id, at: p.at, precision: p.precision, pinned: p.pinned, repost: p.repost, url: p.url ?? null, excerpt: p.excerpt ?? null })),
  );
  const { rows } = await sql<{ recorded: number; kept: number }>`
    with obs as (
      insert into observations (account_id, round_key, fetched_at, outcome, http_status, display_name, followers,
        followers_approximate, posts_count, last_post_at, last_post_precision, last_post_url, last_post_excerpt,
        status, days_silent, reason, error, parse_failed)
      values (${accountId}, ${record.roundKey}, ${fetchedAt}, ${obs.outcome}, ${obs.httpStatus}, ${obs.displayName}, ${obs.followers},
        ${obs.followersApproximate}, ${obs.postsCount}, ${obs.lastPostAt}, ${obs.lastPostPrecision}, ${obs.lastPostUrl}, ${obs.lastPostExcerpt},
        ${judgement.status}, ${judgement.daysSilent}, ${judgement.reason}, ${obs.error}, ${isParseFailure(obs)})
      on conflict (account_id, round_key) do nothing
      returning id
    ), new_posts as (
      insert into posts (account_id, post_id, at, precision, pinned, repost, url, excerpt)
      select ${accountId}, p.post_id, p.at, p.precision, p.pinned, p.repost, p.url, p.excerpt
        from jsonb_to_recordset(${posts}::jsonb)
          as p(post_id text, at timestamptz, precision text, pinned boolean, repost boolean, url text, excerpt text)
       where exists (select 1 from obs)
      on conflict (account_id, post_id) do update set
        at = excluded.at, precision = excluded.precision, pinned = excluded.pinned,
        repost = excluded.repost, url = excluded.url, excerpt = excluded.excerpt
      returning 1
    ), state as (
      update account_state s set
        status = ${judgement.status},
        status_since = case when s.status = ${judgement.status} then s.status_since else ${fetchedAt} end,
        reason = ${judgement.reason},
        reason_data = ${JSON.stringify(judgement.explanation)}::jsonb,
        last_post_url = case when ${ok} then ${obs.lastPostUrl}::text else s.last_post_url end,
        last_post_excerpt = case when ${ok} then ${obs.lastPostExcerpt}::text else s.last_post_excerpt end,
        followers_approximate = case when ${obs.followers}::bigint is null then s.followers_approximate else ${obs.followersApproximate}::boolean end,
        consecutive_not_found = case when ${obs.outcome} = 'not_found' then s.consecutive_not_found + 1 else 0 end,
        last_post_at = case when ${ok} then ${obs.lastPostAt}::timestamptz else s.last_post_at end,
        last_post_precision = case when ${ok} then ${obs.lastPostPrecision}::text else s.last_post_precision end,
        days_silent = case when ${ok} then ${judgement.daysSilent}::int else s.days_silent end,
        followers = coalesce(${obs.followers}::bigint, s.followers),
        last_checked_at = ${fetchedAt},
        last_success_at = case when ${ok} then ${fetchedAt}::timestamptz else s.last_success_at end,
        last_outcome = ${obs.outcome},
        consecutive_failures = case when ${ok} then 0 else s.consecutive_failures + 1 end,
        next_due_at = ${record.nextDueAt}
       where s.account_id = ${accountId} and exists (select 1 from obs)
      returning 1
    )
    select (select count(*) from obs)::int as recorded,
           (select count(*) from posts where account_id = ${accountId})::int + (select count(*) from new_posts)::int as kept`.execute(db);
  const result = rows[0];
  // Trimmed only when the account may have gone over the bound (counts above include updates).
  if (result && result.recorded > 0 && result.kept > POSTS_KEPT_PER_ACCOUNT) {
    await sql`
      delete from posts where account_id = ${accountId} and post_id not in (
        select post_id from posts where account_id = ${accountId} order by at desc limit ${POSTS_KEPT_PER_ACCOUNT})`.execute(db);
  }
  return { recorded: (result?.recorded ?? 0) > 0 };
}

/** An account's observations, newest first. */
export async function accountHistory(db: Kysely<Schema>, accountId: number, limit = 100): Promise<ObservationRow[]> {
  return db.selectFrom('observations').selectAll().where('account_id', '=', accountId).orderBy('fetched_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The observation a crawl round already recorded, if any (a retried job checks before fetching again). */
export async function observationForRound(db: Kysely<Schema>, accountId: number, roundKey: string): Promise<ObservationRow | undefined> {
  return db.selectFrom('observations').selectAll().where('account_id', '=', accountId).where('round_key', '=', roundKey).executeTakeFirst();
}
