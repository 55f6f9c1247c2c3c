import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * An account's history a page at a time, for the API: its observations, the posts seen on
 * its pages, and its followers over time. Each pages by keyset on what it is ordered by, so a
 * deep page costs what the first does (the indexes on (account_id, …) serve all three).
 */

export interface ObservationEntry {
  id: number;
  fetched_at: Date;
  outcome: string;
  status: string;
  days_silent: number | null;
  followers: number | null;
  last_post_at: Date | null;
  reason: string;
  error: string | null;
  http_status: number | null;
}

/** Observations newest first (by id), `limit` of them after the one `beforeId` names. */
export async function observationsPage(
  db: Kysely<Schema>,
  accountId: number,
  page: { limit: number; beforeId?: number | undefined; offset?: number | undefined },
): Promise<ObservationEntry[]> {
  let query = db
    .selectFrom('observations')
    .select(['id', 'fetched_at', 'outcome', 'status', 'days_silent', 'followers', 'last_post_at', 'reason', 'error', 'http_status'])
    .where('account_id', '=', accountId);
  if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

export interface PostEntry {
  post_id: string;
  at: Date;
  precision: string;
  pinned: boolean;
  repost: boolean;
  url: string | null;
  excerpt: string | null;
}

/** Posts newest first, ties by post id (descending): `limit` of them after the (at, post id) given. */
export async function postsPage(
  db: Kysely<Schema>,
  accountId: number,
  page: { limit: number; after?: { at: string; postId: string } | undefined; offset?: number | undefined },
): Promise<PostEntry[]> {
  let query = db
    .selectFrom('posts')
    .select(['post_id', 'at', 'precision', 'pinned', 'repost', 'url', 'excerpt'])
    .where('account_id', '=', accountId);
  const after = page.after;
  if (after) query = query.where(sql<boolean>`(at, post_id) < (${after.at}::timestamptz, ${after.postId})`);
  return query
    .orderBy('at', 'desc')
    .orderBy('post_id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

export interface FollowerPoint {
  id: number;
  fetched_at: Date;
  followers: number;
  followers_approximate: boolean | null;
}

/** Follower counts the looks read, oldest first, within [since, until], `limit` of them after the observation `afterId`. */
export async function followerHistory(
  db: Kysely<Schema>,
  accountId: number,
  page: { limit: number; since?: Date | undefined; until?: Date | undefined; afterId?: number | undefined },
): Promise<FollowerPoint[]> {
  let query = db
    .selectFrom('observations')
    .select(['id', 'fetched_at', 'followers', 'followers_approximate'])
    .where('account_id', '=', accountId)
    .where('followers', 'is not', null);
  if (page.since) query = query.where('fetched_at', '>=', page.since);
  if (page.until) query = query.where('fetched_at', '<=', page.until);
  if (page.afterId !== undefined) query = query.where('id', '>', page.afterId);
  return (await query.orderBy('id', 'asc').limit(page.limit).execute()) as FollowerPoint[];
}
