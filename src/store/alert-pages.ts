import type { Kysely, Transaction } from 'kysely';
import type { Status } from '../domain/account-status.ts';
import type { Alert, AlertKind, AlertSeverity, AlertState } from '../domain/alert.ts';
import { alertsWithAccounts, toAlert } from './alerts-repository.ts';
import type { Schema } from './schema.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * Which alerts a list shows. Every dimension given must match; a list of values matches any of
 * them; several filters all apply (a feed token's own, and what its reader asked). `units` and
 * `groups` are the account's: platform-level alerts have neither and never match them.
 * `onlyUnit` is a caller's limit (a unit's API token), on top of what it asked for.
 */
export interface AlertListFilter {
  states?: readonly AlertState[];
  kinds?: readonly AlertKind[];
  severities?: readonly AlertSeverity[];
  /** The account status that raised or last updated the alert (`alert.status`). */
  statuses?: readonly Status[];
  platforms?: readonly string[];
  units?: readonly string[];
  groups?: readonly string[];
  accountIds?: readonly number[];
  acknowledged?: boolean;
  onlyUnit?: string | null;
}

/** Where a page starts: after the row with this sort key (keyset), or after this many rows. */
export type AlertPageStart = { after: { openedAt: string; id: number } } | { offset: number } | null;

export interface AlertPage {
  alerts: Alert[];
  /** The sort key of the last row when more rows follow; null on the last page. */
  next: { openedAt: string; id: number } | null;
}

/**
 * One page of alerts, newest first (by `opened_at`, then `id`), filtered in SQL: a register of
 * 100,000 alerts is never loaded to show fifty. The keyset start walks the `alerts_state_opened`
 * order without skipping or repeating rows while alerts are opened meanwhile.
 */
export async function pageAlerts(db: Db, filters: readonly AlertListFilter[], start: AlertPageStart, limit: number): Promise<AlertPage> {
  let q = alertsWithAccounts(db);
  for (const filter of filters) q = applyFilter(q, filter);
  if (start && 'after' in start) {
    const { openedAt, id } = start.after;
    q = q.where((eb) =>
      eb.or([
        eb('alerts.opened_at', '<', new Date(openedAt)),
        eb.and([eb('alerts.opened_at', '=', new Date(openedAt)), eb('alerts.id', '<', id)]),
      ]),
    );
  }
  if (start && 'offset' in start) q = q.offset(start.offset);
  // One row more than asked tells whether another page follows.
  const rows = await q
    .orderBy('alerts.opened_at', 'desc')
    .orderBy('alerts.id', 'desc')
    .limit(limit + 1)
    .execute();
  const alerts = rows.slice(0, limit).map(toAlert);
  const last = alerts.at(-1);
  return { alerts, next: rows.length > limit && last ? { openedAt: last.openedAt, id: last.id } : null };
}

type AlertQuery = ReturnType<typeof alertsWithAccounts>;

const some = <T>(values: readonly T[] | undefined): values is readonly T[] => values !== undefined && values.length > 0;

/** Every dimension of `filter` as a condition (see `AlertListFilter`). */
function applyFilter(q: AlertQuery, filter: AlertListFilter): AlertQuery {
  if (some(filter.states)) q = q.where('alerts.state', 'in', filter.states);
  if (some(filter.kinds)) q = q.where('alerts.kind', 'in', filter.kinds);
  if (some(filter.severities)) q = q.where('alerts.severity', 'in', filter.severities);
  if (some(filter.statuses)) q = q.where('alerts.status', 'in', filter.statuses);
  if (some(filter.platforms)) q = q.where('alerts.platform', 'in', filter.platforms);
  if (some(filter.units)) q = q.where('accounts.unit', 'in', filter.units);
  if (some(filter.groups)) q = q.where('accounts.group_name', 'in', filter.groups);
  if (some(filter.accountIds)) q = q.where('alerts.account_id', 'in', filter.accountIds);
  if (filter.acknowledged !== undefined) q = q.where('alerts.acknowledged_at', filter.acknowledged ? 'is not' : 'is', null);
  if (filter.onlyUnit != null) q = q.where('accounts.unit', '=', filter.onlyUnit);
  return q;
}
