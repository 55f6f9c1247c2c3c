import { isDeepStrictEqual } from 'node:util';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Reason } from '../domain/reason.ts';
import type { Status } from '../domain/account-status.ts';
import { openAlert, openAlerts, openAlertsFor, resolveAlert, updateAlert, type AlertDraft } from '../store/alerts-repository.ts';
import type { Schema } from '../store/schema.ts';
import {
  alertKey,
  endingOf,
  keepsStatusAlerts,
  STATUS_ALERT_KINDS,
  STATUS_RANK,
  wantedAlerts,
  type AccountStanding,
} from './account-alert-rules.ts';
import type { Alert, AlertEvent, AlertEvidence, AlertSeverity } from '../domain/alert.ts';
import { checkMovedFollowers } from './follower-alerts.ts';
import { evaluateInfrastructure, type InfrastructureView } from './infrastructure-alerts.ts';
import { DAY_MS } from '../domain/durations.ts';
import { quietAccounts, type QuietAccounts } from './quiet-accounts.ts';

export interface EvaluateOptions {
  now: Date;
  /** Failed looks in a row that make an account `unreachable`. */
  unreachableAfter: number;
  /** Between reminders of an open alert; 0: none. */
  reminderMs: number;
  /**
   * The evaluating process's view of Redis and PostgreSQL, for the `infrastructure` alert; read
   * when that rule runs, after the evaluation's first statements have shown the store reachable.
   */
  infrastructure?: () => InfrastructureView;
}

/** Any fixed number: one evaluation at a time across scheduler processes. */
const EVALUATION_LOCK = 0x5133_7a12;

/** A platform's parser is called broken when at least this many of its recent fetches … */
const PARSER_MIN_FAILED = 5;
/** … make up at least this share of them, and healed again below the lower share. */
const PARSER_BROKEN_SHARE = 0.5;
const PARSER_HEALED_SHARE = 0.2;
/** Recent fetches per platform the parser's health is judged from (within a day). */
const PARSER_WINDOW = 50;
/** A follower anomaly is news for a week; then it is closed as seen. */
const ANOMALY_OPEN_MS = 7 * DAY_MS;

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Brings the alerts in line with the store: followers that moved, every account's standing, each
 * platform's parser health, the scheduler watchdog, the process's own infrastructure and
 * reminders. It runs in the scheduler role, in one transaction under an advisory lock, so alerts
 * change all together or not at all and two schedulers never both open one. Returns the events
 * it recorded, for delivery.
 *
 * Muted accounts and those in a maintenance window (`quietAccounts`) raise nothing: no alert is
 * opened for them, an open one is neither escalated nor reminded of (it stays as people last
 * heard of it, so a trouble that got worse meanwhile is announced once the quiet ends), and
 * an account still in trouble when the quiet ends gets its alert at the next evaluation. An
 * alert whose trouble ends while quiet is still resolved, with its event: an alert must not stay
 * open on an account that recovered, and the end closes what subscribers were told.
 * Acknowledged alerts are not reminded of. Platform-level alerts are no account's: mutes and
 * windows leave them alone.
 */
export async function evaluateAlerts(db: Kysely<Schema>, opts: EvaluateOptions): Promise<AlertEvent[]> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${EVALUATION_LOCK}) as locked`.execute(trx);
    if (!rows[0]?.locked) return [];
    const events: AlertEvent[] = [];
    const push = (e: AlertEvent | null) => void (e && events.push(e));
    const quiet = await quietAccounts(trx, opts.now);
    // First, as when workers raised them: a follower anomaly raised or renewed now is in the open alerts below.
    for (const event of await checkMovedFollowers(trx, opts.now, quiet)) push(event);
    const open = new Map((await openAlerts(trx)).map((a) => [a.key, a]));
    const broken = await evaluateParsers(trx, open, opts.now, push);
    await evaluateAccounts(trx, open, broken, quiet, opts, push);
    await evaluateWatchdog(trx, open, opts.now, push);
    if (opts.infrastructure) await evaluateInfrastructure(trx, open, opts.infrastructure(), opts.now, push);
    for (const alert of open.values()) {
      if (alert.kind === 'follower-anomaly' && opts.now.getTime() - Date.parse(alert.openedAt) >= ANOMALY_OPEN_MS) {
        push(await resolveAlert(trx, alert.id, 'resolved', alert.reason, opts.now));
      }
    }
    if (opts.reminderMs > 0) await remind(trx, quiet, opts, push);
    return events;
  });
}

type Push = (e: AlertEvent | null) => void;
type Trx = Transaction<Schema>;

async function evaluateAccounts(
  trx: Trx,
  open: Map<string, Alert>,
  brokenPlatforms: Set<string>,
  quiet: QuietAccounts,
  opts: EvaluateOptions,
  push: Push,
): Promise<void> {
  // Active accounts without an open alert need nothing: the working set is the troubled ones.
  const { rows } = await sql<StandingRow>`
    select s.account_id, a.platform, s.status, s.reason_data, s.consecutive_failures, s.last_success_at,
           s.last_post_at, s.last_post_url, s.last_post_excerpt
      from account_state s join accounts a on a.id = s.account_id
     where a.enabled and a.removed_at is null and (s.status <> 'active'
        or s.account_id in (select account_id from alerts where state = 'open' and account_id is not null))`.execute(trx);
  // New alerts are opened together at the end: a first sweep of a large register opens thousands.
  const toOpen: AlertDraft[] = [];
  for (const row of rows) {
    const standing = toStanding(row);
    const silenced = quiet.has(standing.accountId);
    const wanted = wantedAlerts(standing, {
      unreachableAfter: opts.unreachableAfter,
      platformParserBroken: brokenPlatforms.has(standing.platform),
    });
    for (const w of wanted) {
      const draft: AlertDraft = { ...w, platform: standing.platform, accountId: standing.accountId, evidence: standing.evidence };
      const existing = open.get(w.key);
      if (!existing) {
        if (!silenced) toOpen.push(draft);
        continue;
      }
      open.delete(w.key);
      const worse =
        STATUS_RANK[w.status ?? 'unknown'] > STATUS_RANK[existing.status ?? 'unknown'] ||
        SEVERITY_RANK[w.severity] > SEVERITY_RANK[existing.severity];
      // Left as announced while quiet: the escalation is news once the quiet ends.
      if (worse && silenced) continue;
      const changed = worse || w.status !== existing.status || w.severity !== existing.severity || !sameReason(w.reason, existing.reason);
      if (changed)
        push(
          await updateAlert(
            trx,
            existing.id,
            { severity: w.severity, status: w.status, reason: w.reason, evidence: draft.evidence },
            opts.now,
            worse ? 'escalated' : undefined,
          ),
        );
    }
    for (const kind of [...STATUS_ALERT_KINDS, 'unreachable' as const]) {
      const existing = open.get(alertKey(kind, standing.accountId));
      if (!existing || wanted.some((w) => w.key === existing.key)) continue;
      open.delete(existing.key);
      if (kind !== 'unreachable' && keepsStatusAlerts(standing.status)) continue;
      // An unreachable alert silenced by a broken parser stays until the account is read again.
      if (kind === 'unreachable' && standing.consecutiveFailures > 0) continue;
      const ending = endingOf(kind, standing.status);
      const reason: Reason =
        ending === 'woke-up' && standing.evidence?.lastPostAt
          ? { code: 'woke-up', lastPostAt: standing.evidence.lastPostAt }
          : (standing.reason ?? existing.reason);
      push(await resolveAlert(trx, existing.id, ending, reason, opts.now));
    }
  }
  for (const event of await openAlertsFor(trx, toOpen, opts.now)) push(event);
}

/** Platforms whose recent fetches mostly failed to parse: their pages probably changed. */
async function evaluateParsers(trx: Trx, open: Map<string, Alert>, now: Date, push: Push): Promise<Set<string>> {
  const { rows } = await sql<{ platform: string; total: number; failed: number }>`
    select platform, count(*)::int as total, count(*) filter (where parse_failed)::int as failed
      from (select a.platform, o.parse_failed,
                   row_number() over (partition by a.platform order by o.fetched_at desc) as n
              from observations o join accounts a on a.id = o.account_id
             where o.fetched_at > ${new Date(now.getTime() - DAY_MS)}) recent
     where n <= ${PARSER_WINDOW}
     group by platform`.execute(trx);
  const broken = new Set<string>();
  const health = new Map(rows.map((r) => [r.platform, r]));
  for (const [platform, { total, failed }] of health) {
    const key = alertKey('parser-broken', platform);
    const existing = open.get(key);
    const reason: Reason = { code: 'parser-broken', platform, failed, total };
    if (failed >= PARSER_MIN_FAILED && failed / total >= PARSER_BROKEN_SHARE) {
      broken.add(platform);
      await upholdPlatformAlert(trx, open, 'parser-broken', platform, reason, now, push);
    } else if (existing && failed / total < PARSER_HEALED_SHARE) {
      open.delete(key);
      push(await resolveAlert(trx, existing.id, 'resolved', reason, now));
    } else if (existing) {
      open.delete(key);
      broken.add(platform);
    }
  }
  // No fetch of the platform lately tells whether it healed: it stays broken until one does.
  for (const alert of [...open.values()].filter((a) => a.kind === 'parser-broken')) {
    broken.add(alert.platform);
    open.delete(alert.key);
  }
  return broken;
}

/** Accounts left unchecked for over twice their interval: the scheduler or the workers stopped. */
async function evaluateWatchdog(trx: Trx, open: Map<string, Alert>, now: Date, push: Push): Promise<void> {
  const { rows } = await sql<{ platform: string; accounts: number; oldest: Date | null; interval_seconds: number }>`
    select a.platform, count(*)::int as accounts, min(s.last_checked_at) as oldest, max(a.interval_seconds)::int as interval_seconds
      from accounts a join account_state s on s.account_id = a.id
     where a.enabled and a.removed_at is null
       and coalesce(s.last_checked_at, a.created_at) < ${now}::timestamptz - 2 * a.interval_seconds * interval '1 second'
     group by a.platform`.execute(trx);
  const late = new Map(rows.map((r) => [r.platform, r]));
  for (const [platform, r] of late) {
    const reason: Reason = {
      code: 'unchecked',
      accounts: r.accounts,
      lastCheckedAt: r.oldest ? new Date(r.oldest).toISOString() : null,
      intervalHours: r.interval_seconds / 3600,
    };
    await upholdPlatformAlert(trx, open, 'unchecked', platform, reason, now, push);
  }
  for (const alert of [...open.values()].filter((a) => a.kind === 'unchecked' && !late.has(a.platform))) {
    open.delete(alert.key);
    push(await resolveAlert(trx, alert.id, 'resolved', alert.reason, now));
  }
}

/** Opens a platform-level alert, or brings an open one's figures up to date (not news: no event). */
async function upholdPlatformAlert(
  trx: Trx,
  open: Map<string, Alert>,
  kind: 'parser-broken' | 'unchecked',
  platform: string,
  reason: Reason,
  now: Date,
  push: Push,
): Promise<void> {
  const key = alertKey(kind, platform);
  const existing = open.get(key);
  open.delete(key);
  if (!existing)
    push(await openAlert(trx, { key, kind, severity: 'critical', status: null, platform, accountId: null, reason, evidence: null }, now));
  else if (!sameReason(existing.reason, reason)) await updateAlert(trx, existing.id, { reason }, now);
}

/** By value: a reason read back from jsonb has its keys in the database's order, not ours. */
function sameReason(a: Reason, b: Reason): boolean {
  return isDeepStrictEqual(a, b);
}

/** Reminds of open alerts nobody acknowledged, except quiet accounts' (see `evaluateAlerts`). */
async function remind(trx: Trx, quiet: QuietAccounts, opts: EvaluateOptions, push: Push): Promise<void> {
  const due = await trx
    .selectFrom('alerts')
    .leftJoin('accounts', 'accounts.id', 'alerts.account_id')
    .select(['alerts.id', 'alerts.account_id'])
    .where('alerts.state', '=', 'open')
    .where('alerts.acknowledged_at', 'is', null)
    .where('alerts.notified_at', '<=', new Date(opts.now.getTime() - opts.reminderMs))
    // A paused account is neither looked at nor judged: its alerts wait, unreminded, until it is resumed.
    .where((eb) => eb.or([eb('alerts.account_id', 'is', null), eb('accounts.enabled', '=', true)]))
    .execute();
  for (const { id, account_id } of due) {
    if (account_id !== null && quiet.has(Number(account_id))) continue;
    push(await updateAlert(trx, Number(id), {}, opts.now, 'reminder'));
  }
}

interface StandingRow {
  account_id: number;
  platform: string;
  status: string;
  reason_data: Reason | null;
  consecutive_failures: number;
  last_success_at: Date | null;
  last_post_at: Date | null;
  last_post_url: string | null;
  last_post_excerpt: string | null;
}

function toStanding(r: StandingRow): AccountStanding {
  const evidence: AlertEvidence | null =
    r.last_post_at || r.last_post_url
      ? {
          lastPostAt: r.last_post_at ? new Date(r.last_post_at).toISOString() : null,
          lastPostUrl: r.last_post_url,
          lastPostExcerpt: r.last_post_excerpt,
        }
      : null;
  return {
    accountId: Number(r.account_id),
    platform: r.platform,
    status: r.status as Status,
    reason: r.reason_data,
    consecutiveFailures: Number(r.consecutive_failures),
    lastSuccessAt: r.last_success_at ? new Date(r.last_success_at).toISOString() : null,
    evidence,
  };
}
