import type { Kysely, Transaction } from 'kysely';
import { shownAccountName } from '../accounts/account.ts';
import { SleepwatchError } from '../domain/errors.ts';
import type { Reason } from '../domain/reason.ts';
import type { Status } from '../domain/account-status.ts';
import type { Alert, AlertEvent, AlertEventType, AlertEvidence, AlertKind, AlertSeverity, AlertState } from '../domain/alert.ts';
import type { Schema } from './schema.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/** What a caller knows when it raises or updates an alert; the rest is the store's. */
export interface AlertDraft {
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: Status | null;
  platform: string;
  accountId: number | null;
  reason: Reason;
  evidence: AlertEvidence | null;
}

/** Alerts with their accounts, newest first. */
export async function listAlerts(db: Db, filter: { state?: AlertState; limit?: number } = {}): Promise<Alert[]> {
  let q = alertsWithAccounts(db);
  if (filter.state) q = q.where('alerts.state', '=', filter.state);
  const rows = await q
    .orderBy('alerts.opened_at', 'desc')
    .orderBy('alerts.id', 'desc')
    .limit(filter.limit ?? 1000)
    .execute();
  return rows.map(toAlert);
}

/** Open alerts (the evaluator's working set). */
export async function openAlerts(db: Db): Promise<Alert[]> {
  return (await alertsWithAccounts(db).where('alerts.state', '=', 'open').execute()).map(toAlert);
}

/** Alert events, newest first: what feeds show. `beforeId` pages back. */
export async function recentEvents(db: Db, opts: { limit?: number; beforeId?: number } = {}): Promise<AlertEvent[]> {
  let q = db.selectFrom('alert_events').select(['id', 'type', 'at', 'alert']);
  if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 200)
    .execute();
  return rows.map(toEvent);
}

/** The id of the newest alert event, or null when none was ever recorded: a read of the primary key's end. */
export async function newestEventId(db: Db): Promise<number | null> {
  const row = await db.selectFrom('alert_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? Number(row.id) : null;
}

function toEvent(r: { id: number; type: string; at: Date; alert: Alert }): AlertEvent {
  return { id: Number(r.id), type: r.type as AlertEventType, at: new Date(r.at).toISOString(), alert: r.alert };
}

/** Alert events by id, oldest first (ids that do not exist are left out). */
export async function eventsByIds(db: Db, ids: readonly number[]): Promise<AlertEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('alert_events').select(['id', 'type', 'at', 'alert']).where('id', 'in', ids).orderBy('id').execute();
  return rows.map(toEvent);
}

/**
 * Opens an alert unless one with its key is already open (the unique index on open keys makes
 * this safe however many processes try), and records the `opened` event.
 */
export async function openAlert(db: Db, draft: AlertDraft, now: Date): Promise<AlertEvent | null> {
  return (await openAlertsFor(db, [draft], now))[0] ?? null;
}

/** Rows per statement: well under PostgreSQL's 65,535 bind parameters at eleven per alert. */
const ROWS_PER_STATEMENT = 1000;

/**
 * `openAlert` for many drafts in a few statements (a first sweep of a large register opens
 * thousands at once). Returns the `opened` events in the order of `drafts`, leaving out
 * drafts whose key was already open.
 */
export async function openAlertsFor(db: Db, drafts: readonly AlertDraft[], now: Date): Promise<AlertEvent[]> {
  const events: AlertEvent[] = [];
  for (let i = 0; i < drafts.length; i += ROWS_PER_STATEMENT) {
    const chunk = drafts.slice(i, i + ROWS_PER_STATEMENT);
    const inserted = await db
      .insertInto('alerts')
      .values(
        chunk.map((d) => ({
          key: d.key,
          kind: d.kind,
          state: 'open' as const,
          severity: d.severity,
          status: d.status,
          platform: d.platform,
          account_id: d.accountId,
          reason: JSON.stringify(d.reason),
          evidence: d.evidence ? JSON.stringify(d.evidence) : null,
          opened_at: now,
          notified_at: now,
        })),
      )
      .onConflict((oc) => oc.column('key').where('state', '=', 'open').doNothing())
      .returning(['id', 'key'])
      .execute();
    const idByKey = new Map(inserted.map((r) => [r.key, Number(r.id)]));
    const ids = chunk.map((d) => idByKey.get(d.key)).filter((id) => id !== undefined);
    events.push(...(await recordEvents(db, ids, 'opened', now)));
  }
  return events;
}

/**
 * Changes an open alert. With an event type the change is announced (an escalation); without
 * one it is bookkeeping (a silence a day longer) that feeds and webhooks do not repeat.
 */
export async function updateAlert(
  db: Db,
  id: number,
  change: Partial<Pick<AlertDraft, 'severity' | 'status' | 'reason' | 'evidence'>>,
  now: Date,
  announce?: 'escalated' | 'reminder',
): Promise<AlertEvent | null> {
  await db
    .updateTable('alerts')
    .set({
      ...(change.severity ? { severity: change.severity } : {}),
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.reason ? { reason: JSON.stringify(change.reason) } : {}),
      ...(change.evidence !== undefined ? { evidence: change.evidence ? JSON.stringify(change.evidence) : null } : {}),
      ...(announce ? { notified_at: now } : {}),
      // An acknowledgement answers the trouble as it stood. A worse one is news the people who
      // acknowledged have not seen: it is announced, and reminded of, as if nobody had answered.
      ...(announce === 'escalated' ? { acknowledged_at: null, acknowledged_by: null, ack_note: null } : {}),
    })
    .where('id', '=', id)
    .execute();
  return announce ? recordEvent(db, id, announce, now) : null;
}

/** What `acknowledgeAlert` found: the alert as it now stands, or why it was left alone. */
export type AcknowledgeOutcome = { outcome: 'acknowledged'; alert: Alert } | { outcome: 'resolved'; alert: Alert } | { outcome: 'missing' };

/**
 * Records that someone saw an open alert: when, who and why. The evaluator reminds of it no
 * more until it escalates (see `updateAlert`). Acknowledging again replaces the earlier answer.
 * `unit` (a unit-limited caller) makes other units' alerts, and platform-level ones, `missing`.
 */
export async function acknowledgeAlert(
  db: Db,
  id: number,
  ack: { by: string | null; note: string | null; unit: string | null },
  now: Date,
): Promise<AcknowledgeOutcome> {
  const updated = await db
    .updateTable('alerts')
    .set({ acknowledged_at: now, acknowledged_by: ack.by, ack_note: ack.note })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .$if(ack.unit !== null, (q) =>
      q.where('account_id', 'in', (sub) => sub.selectFrom('accounts').select('id').where('unit', '=', ack.unit)),
    )
    .returning('id')
    .executeTakeFirst();
  let q = alertsWithAccounts(db).where('alerts.id', '=', id);
  if (ack.unit !== null) q = q.where('accounts.unit', '=', ack.unit);
  const row = await q.executeTakeFirst();
  if (!row) return { outcome: 'missing' };
  return { outcome: updated ? 'acknowledged' : 'resolved', alert: toAlert(row) };
}

/** Ends an alert: `woke-up` when the account posted again, `resolved` when the cause went away otherwise. */
export async function resolveAlert(db: Db, id: number, type: 'woke-up' | 'resolved', reason: Reason, now: Date): Promise<AlertEvent> {
  await db
    .updateTable('alerts')
    .set({ state: 'resolved', resolved_at: now, reason: JSON.stringify(reason) })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .execute();
  return recordEvent(db, id, type, now);
}

/** Writes an event with the alert as it now stands; the event is what feeds and webhooks carry. */
async function recordEvent(db: Db, alertId: number, type: AlertEventType, now: Date): Promise<AlertEvent> {
  return (await recordEvents(db, [alertId], type, now))[0]!;
}

/** `recordEvent` for many alerts (each once) in two statements; events in the order of `alertIds`. */
async function recordEvents(db: Db, alertIds: readonly number[], type: AlertEventType, now: Date): Promise<AlertEvent[]> {
  if (alertIds.length === 0) return [];
  const rows = await alertsWithAccounts(db).where('alerts.id', 'in', alertIds).execute();
  const byId = new Map(rows.map((r) => [Number(r.id), toAlert(r)]));
  const alerts = alertIds.map((id) => {
    const alert = byId.get(id);
    if (!alert) throw new SleepwatchError(`alert ${id} vanished before its ${type} event was recorded`);
    return alert;
  });
  const inserted = await db
    .insertInto('alert_events')
    .values(alerts.map((alert) => ({ alert_id: alert.id, type, at: now, alert: JSON.stringify(alert) })))
    .returning(['id', 'alert_id'])
    .execute();
  const eventIdByAlert = new Map(inserted.map((r) => [Number(r.alert_id), Number(r.id)]));
  return alerts.map((alert) => ({ id: eventIdByAlert.get(alert.id)!, type, at: now.toISOString(), alert }));
}

/** Alerts joined with their accounts, as `toAlert` reads them: the base of every alert query. */
export function alertsWithAccounts(db: Db) {
  return db
    .selectFrom('alerts')
    .leftJoin('accounts', 'accounts.id', 'alerts.account_id')
    .leftJoin('account_state', 'account_state.account_id', 'alerts.account_id')
    .selectAll('alerts')
    .select([
      'accounts.name as account_name',
      'account_state.display_name as account_display_name',
      'accounts.url as account_url',
      'accounts.platform as account_platform',
      'accounts.unit as account_unit',
      'accounts.group_name as account_group',
      'accounts.region as account_region',
    ]);
}

export type AlertJoinRow = Awaited<ReturnType<ReturnType<typeof alertsWithAccounts>['executeTakeFirstOrThrow']>>;

export function toAlert(r: AlertJoinRow): Alert {
  return {
    id: Number(r.id),
    key: r.key,
    kind: r.kind as AlertKind,
    state: r.state as AlertState,
    severity: r.severity as AlertSeverity,
    status: r.status as Status | null,
    platform: r.platform,
    account:
      r.account_id === null || r.account_url === null
        ? null
        : {
            id: Number(r.account_id),
            name: shownAccountName(r.account_name, r.account_display_name, r.account_url),
            platform: r.account_platform ?? r.platform,
            url: r.account_url ?? '',
            unit: r.account_unit ?? null,
            group: r.account_group ?? null,
            region: r.account_region ?? null,
          },
    reason: r.reason,
    evidence: r.evidence,
    openedAt: new Date(r.opened_at).toISOString(),
    resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
    acknowledgement:
      r.acknowledged_at === null ? null : { at: new Date(r.acknowledged_at).toISOString(), by: r.acknowledged_by, note: r.ack_note },
  };
}
