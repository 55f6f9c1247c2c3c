import { judge, type Judgement } from '../activity/status.ts';
import type { PolicyBook } from '../activity/policies.ts';
import type { Status } from '../domain/account-status.ts';
import type { Observation } from '../domain/observation.ts';
import type { Reason } from '../domain/reason.ts';
import { isoInZone } from '../parsing/iso-in-zone.ts';
import type { HistoryAsOf, RegisteredAccount, StoredLook } from './stored-history.ts';

/** An account as it stood at the check time, judged from what the store holds of it then. */
export interface AsOfJudgement {
  status: Status;
  daysSilent: number | null;
  /** Why, as data; null when no look at the account had been made by the check time. */
  reason: Reason | null;
  /** The newest post at or before the check time, in the account's own offset; null when none is known. */
  lastPostAt: string | null;
}

/**
 * Judges an account as of `asOf` with the same `judge` monitoring uses, fed from stored history
 * instead of a fresh page:
 * - no look at or before `asOf`: `unknown` (it was not checked), never sleeping;
 * - the newest look failed: `judge` sees the failure, so `unknown`, or `closed` after "not found" twice;
 * - otherwise the newest post dated at or before `asOf`, from the posts table and the looks'
 *   last-post time, whenever the store learnt of it: a post made before the check time counts
 *   even if it was read later, a post made after it never does.
 */
export function judgeAsOf(account: RegisteredAccount, history: HistoryAsOf, asOf: Date, policies: PolicyBook): AsOfJudgement {
  const lastPostAt = newestPostAsOf(history, asOf, account.timeZone);
  const latest = history.latestLooks[0];
  if (!latest) return { status: 'unknown', daysSilent: null, reason: null, lastPostAt };
  const policy = policies.forAccount({ policy: account.policy, group: account.group });
  // When the newest look succeeded it is also `latestOk`: its post count and last post stand.
  const observation: Observation = {
    ...lookToObservation(account, latest),
    posts: history.posts.map((p) => ({
      id: p.id,
      at: p.at.toISOString(),
      precision: p.precision,
      pinned: p.pinned,
      repost: p.repost,
      excerpt: p.excerpt,
    })),
  };
  const known = history.latestOk;
  const judgement: Judgement = judge(
    observation,
    asOf,
    policy,
    {
      earlierPosts: [],
      lastPostAt: known?.lastPostAt?.toISOString() ?? null,
      lastPostPrecision: known?.lastPostPrecision ?? null,
      // `judge` adds the failing look it is given to these counts.
      consecutiveFailures: Math.max(0, history.failuresSince - 1),
      consecutiveNotFound: latest.outcome === 'not_found' && history.latestLooks[1]?.outcome === 'not_found' ? 1 : 0,
    },
    account.timeZone,
  );
  return { status: judgement.status, daysSilent: judgement.daysSilent, reason: judgement.reason, lastPostAt };
}

function lookToObservation(account: RegisteredAccount, look: StoredLook): Observation {
  return {
    platform: account.platform,
    url: account.url,
    fetchedAt: look.fetchedAt.toISOString(),
    outcome: look.outcome as Observation['outcome'],
    httpStatus: null,
    displayName: account.displayName,
    followers: null,
    followersApproximate: null,
    postsCount: look.postsCount,
    lastPostAt: look.lastPostAt?.toISOString() ?? null,
    lastPostPrecision: look.lastPostPrecision,
    lastPostUrl: null,
    lastPostExcerpt: look.lastPostExcerpt,
    posts: [],
    error: look.error,
    parseFailed: false,
  };
}

/** The newest post time at or before `asOf` the store knows of, written in the account's time zone. */
function newestPostAsOf(history: HistoryAsOf, asOf: Date, timeZone: string): string | null {
  const times = history.posts.map((p) => p.at);
  const known = history.latestOk?.lastPostAt;
  if (known) times.push(known);
  const before = times.filter((t) => t.getTime() <= asOf.getTime());
  if (before.length === 0) return null;
  const newest = new Date(Math.max(...before.map((t) => t.getTime())));
  return isoInZone(newest.toISOString(), timeZone);
}
