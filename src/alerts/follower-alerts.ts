import { sql, type Kysely } from 'kysely';
import { followerAnomaly } from '../activity/follower-signals.ts';
import { openAlert, updateAlert } from '../store/alerts-repository.ts';
import type { Schema } from '../store/schema.ts';
import { alertKey } from './account-alert-rules.ts';
import type { AlertEvent } from '../domain/alert.ts';
import { DAY_MS } from '../domain/durations.ts';
import { NOBODY_QUIET, type QuietAccounts } from './quiet-accounts.ts';

/** Follower history the account's own daily changes are read from. */
const HISTORY_DAYS = 90;

/**
 * The alert evaluation's follower step: every account whose followers a recorded look moved
 * noticeably (noted by the store when it recorded the look) has the move compared with its own
 * history, and the note is cleared in the same statement that reads it, so each move is judged
 * once. Returns the events recorded. A quiet account's move (muted, in maintenance) is cleared
 * unjudged: it happened while nobody wanted to hear of it.
 */
export async function checkMovedFollowers(db: Kysely<Schema>, now: Date, quiet: QuietAccounts = NOBODY_QUIET): Promise<AlertEvent[]> {
  // A note a worker is writing right now is left for the next evaluation: waiting for its row
  // while holding others could deadlock with a worker's batch that holds it and waits for ours.
  const { rows } = await sql<{ account_id: number; platform: string }>`
    update account_state s set followers_moved_at = null
      from accounts a
     where a.id = s.account_id
       and s.account_id in (select account_id from account_state where followers_moved_at is not null for update skip locked)
    returning s.account_id, a.platform`.execute(db);
  const events: AlertEvent[] = [];
  for (const row of rows.filter((r) => !quiet.has(Number(r.account_id))))
    events.push(...(await checkFollowers(db, { id: Number(row.account_id), platform: row.platform }, now)));
  return events;
}

/**
 * Compares an account's newest daily follower change with its own history and raises (or renews)
 * a `follower-anomaly` alert when it lies far outside it: a jump suggests bought followers, a
 * collapse a purge or a hijack. Returns the events recorded.
 */
export async function checkFollowers(db: Kysely<Schema>, account: { id: number; platform: string }, now: Date): Promise<AlertEvent[]> {
  const rows = await db
    .selectFrom('observations')
    .select(['fetched_at', 'followers', 'followers_approximate'])
    .where('account_id', '=', account.id)
    .where('outcome', '=', 'ok')
    .where('followers', 'is not', null)
    .where('fetched_at', '>', new Date(now.getTime() - HISTORY_DAYS * DAY_MS))
    .execute();
  const anomaly = followerAnomaly(
    rows.map((r) => ({ at: new Date(r.fetched_at), followers: Number(r.followers), approximate: r.followers_approximate === true })),
  );
  if (!anomaly) return [];
  const reason = {
    code: 'follower-anomaly',
    direction: anomaly.kind,
    day: anomaly.day,
    change: anomaly.change,
    typicalChange: anomaly.typicalChange,
    from: anomaly.from,
    to: anomaly.to,
  } as const;
  const draft = {
    key: alertKey('follower-anomaly', account.id),
    kind: 'follower-anomaly',
    severity: 'warning',
    status: null,
    platform: account.platform,
    accountId: account.id,
    reason,
    evidence: null,
  } as const;
  const opened = await openAlert(db, draft, now);
  if (opened) return [opened];
  // Already open for an earlier day: a new day's anomaly is news again.
  const existing = await db
    .selectFrom('alerts')
    .select(['id', 'reason'])
    .where('key', '=', draft.key)
    .where('state', '=', 'open')
    .executeTakeFirst();
  if (existing && (existing.reason.code !== 'follower-anomaly' || existing.reason.day !== anomaly.day)) {
    const escalated = await updateAlert(db, Number(existing.id), { reason }, now, 'escalated');
    if (escalated) return [escalated];
  }
  return [];
}
