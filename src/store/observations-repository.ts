import type { Kysely } from 'kysely';
import type { Judgement } from '../activity/status.ts';
import type { Observation } from '../observation.ts';
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
 * transaction. Idempotent per (account, round): a job retried after a crash that already
 * wrote its row returns `recorded: false` and leaves everything as it was.
 */
export async function recordObservation(db: Kysely<Schema>, record: ObservationRecord): Promise<{ recorded: boolean }> {
  const { accountId, observation: obs, judgement } = record;
  const fetchedAt = new Date(obs.fetchedAt);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('observations')
      .values({
        account_id: accountId,
        round_key: record.roundKey,
        fetched_at: fetchedAt,
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
        reason: judgement.reason,
        error: obs.error,
      })
      .onConflict((oc) => oc.columns(['account_id', 'round_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { recorded: false };

    if (obs.posts.length > 0) {
      await trx
        .insertInto('posts')
        .values(
          obs.posts.map((p) => ({
            account_id: accountId,
            post_id: p.id,
            at: p.at,
            precision: p.precision,
            pinned: p.pinned,
            repost: p.repost,
            url: p.url ?? null,
            excerpt: p.excerpt ?? null,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['account_id', 'post_id']).doUpdateSet((eb) => ({
            at: eb.ref('excluded.at'),
            precision: eb.ref('excluded.precision'),
            pinned: eb.ref('excluded.pinned'),
            repost: eb.ref('excluded.repost'),
            url: eb.ref('excluded.url'),
            excerpt: eb.ref('excluded.excerpt'),
          })),
        )
        .execute();
      await trx
        .deleteFrom('posts')
        .where('account_id', '=', accountId)
        .where(
          'post_id',
          'not in',
          trx.selectFrom('posts').select('post_id').where('account_id', '=', accountId).orderBy('at', 'desc').limit(POSTS_KEPT_PER_ACCOUNT),
        )
        .execute();
    }

    const previous = await trx.selectFrom('account_state').selectAll().where('account_id', '=', accountId).forUpdate().executeTakeFirstOrThrow();
    const ok = obs.outcome === 'ok';
    await trx
      .updateTable('account_state')
      .set({
        status: judgement.status,
        status_since: previous.status === judgement.status ? previous.status_since : fetchedAt,
        reason: judgement.reason,
        // A failed look says nothing new about posts or followers: keep the last known ones.
        last_post_at: ok ? obs.lastPostAt : previous.last_post_at,
        last_post_precision: ok ? obs.lastPostPrecision : previous.last_post_precision,
        days_silent: ok ? judgement.daysSilent : previous.days_silent,
        followers: obs.followers ?? previous.followers,
        last_checked_at: fetchedAt,
        last_success_at: ok ? fetchedAt : previous.last_success_at,
        last_outcome: obs.outcome,
        consecutive_failures: ok ? 0 : previous.consecutive_failures + 1,
        next_due_at: record.nextDueAt,
      })
      .where('account_id', '=', accountId)
      .execute();
    return { recorded: true };
  });
}

/** An account's observations, newest first. */
export async function accountHistory(db: Kysely<Schema>, accountId: number, limit = 100): Promise<ObservationRow[]> {
  return db.selectFrom('observations').selectAll().where('account_id', '=', accountId).orderBy('fetched_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The observation a crawl round already recorded, if any (a retried job checks before fetching again). */
export async function observationForRound(db: Kysely<Schema>, accountId: number, roundKey: string): Promise<ObservationRow | undefined> {
  return db.selectFrom('observations').selectAll().where('account_id', '=', accountId).where('round_key', '=', roundKey).executeTakeFirst();
}
