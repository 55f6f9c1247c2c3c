import type { Kysely } from 'kysely';
import { followerAnomaly } from '../activity/follower-signals.ts';
import { openAlert, updateAlert } from '../store/alerts-repository.ts';
import type { Schema } from '../store/schema.ts';
import { alertKey } from './account-alert-rules.ts';
import { DAY_MS } from '../domain/durations.ts';

/** A change smaller than this is never worth reading the history for (the anomaly rule's own floor). */
export const FOLLOWER_CHANGE_WORTH_A_LOOK = 50;
/** Follower history the account's own daily changes are read from. */
const HISTORY_DAYS = 90;

/**
 * After a look that moved an account's followers noticeably, compares the day's change with the
 * account's own history and raises (or renews) a `follower-anomaly` alert when it lies far
 * outside it: a jump suggests bought followers, a collapse a purge or a hijack.
 */
export async function checkFollowers(db: Kysely<Schema>, account: { id: number; platform: string }, now: Date): Promise<void> {
  const rows = await db
    .selectFrom('observations')
    .select(['fetched_at', 'followers', 'followers_approximate'])
    .where('account_id', '=', account.id)
    .where('outcome', '=', 'ok')
    .where('followers', 'is not', null)
    .where('fetched_at', '>', new Date(now.getTime() - HISTORY_DAYS * DAY_MS))
    .execute();
  const anomaly = followerAnomaly(rows.map((r) => ({ at: new Date(r.fetched_at), followers: Number(r.followers), approximate: r.followers_approximate === true })));
  if (!anomaly) return;
  const reason = { code: 'follower-anomaly', direction: anomaly.kind, day: anomaly.day, change: anomaly.change, typicalChange: anomaly.typicalChange, from: anomaly.from, to: anomaly.to } as const;
  const draft = { key: alertKey('follower-anomaly', account.id), kind: 'follower-anomaly', severity: 'warning', status: null, platform: account.platform, accountId: account.id, reason, evidence: null } as const;
  const opened = await openAlert(db, draft, now);
  if (opened) return;
  // Already open for an earlier day: a new day's anomaly is news again.
  const existing = await db.selectFrom('alerts').select(['id', 'reason']).where('key', '=', draft.key).where('state', '=', 'open').executeTakeFirst();
  if (existing && (existing.reason.code !== 'follower-anomaly' || existing.reason.day !== anomaly.day)) await updateAlert(db, Number(existing.id), { reason }, now, 'escalated');
}
