import type { Locale } from '../domain/locale.ts';
import { renderReason } from '../activity/render-reason.ts';
import type { Status } from '../domain/account-status.ts';
import type { Alert, AlertKind, AlertSeverity, AlertState } from '../domain/alert.ts';
import { alertTitle } from './event-text.ts';

/** One alert as `sleepwatch alerts` and `GET /api/alerts` show it: flat, translated, no nested objects. */
export interface AlertRow {
  id: number;
  kind: AlertKind;
  state: AlertState;
  severity: AlertSeverity;
  /** Null for platform-level alerts (`parser-broken`), which concern no single account. */
  accountName: string | null;
  platform: string;
  /** The account page; null for platform-level alerts. */
  url: string | null;
  status: Status | null;
  /** What the alert is about, e.g. "南京发布 (telegram)：睡眠(两周未更新)" (see `alertTitle` in event-text.ts). */
  title: string;
  /** Why, as one sentence in the reader's language. */
  reason: string;
  openedAt: string;
  resolvedAt: string | null;
  /** When someone acknowledged it (reminders stop until it gets worse); null: not acknowledged. */
  acknowledgedAt: string | null;
  /** Who: an API token's name, or the name given on the command line. */
  acknowledgedBy: string | null;
  ackNote: string | null;
}

/** An alert as a row: see `AlertRow`. */
export function alertRow(alert: Alert, locale: Locale): AlertRow {
  return {
    id: alert.id,
    kind: alert.kind,
    state: alert.state,
    severity: alert.severity,
    accountName: alert.account?.name ?? null,
    platform: alert.platform,
    url: alert.account?.url ?? null,
    status: alert.status,
    title: alertTitle(alert, locale),
    reason: renderReason(alert.reason, locale),
    openedAt: alert.openedAt,
    resolvedAt: alert.resolvedAt,
    acknowledgedAt: alert.acknowledgement?.at ?? null,
    acknowledgedBy: alert.acknowledgement?.by ?? null,
    ackNote: alert.acknowledgement?.note ?? null,
  };
}
