import type { Reason } from './reason.ts';
import type { Status } from './account-status.ts';

/**
 * What an alert is about. One open alert per stable key (`alertKey`): a change of the same
 * trouble (drifting → sleeping) escalates the open alert instead of opening another.
 */
export type AlertKind =
  'silence' | 'empty' | 'closed' | 'unreachable' | 'follower-anomaly' | 'parser-broken' | 'unchecked' | 'infrastructure';

export const ALERT_KINDS: readonly AlertKind[] = [
  'silence',
  'empty',
  'closed',
  'unreachable',
  'follower-anomaly',
  'parser-broken',
  'unchecked',
  'infrastructure',
];

export type AlertSeverity = 'info' | 'warning' | 'critical';

export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

export type AlertState = 'open' | 'resolved';

/**
 * What happened to an alert. Feeds carry one entry and webhooks one delivery per event.
 * `woke-up` resolves a silence alert because the account posted again; `resolved` ends
 * any other alert whose cause went away.
 */
export type AlertEventType = 'opened' | 'escalated' | 'reminder' | 'woke-up' | 'resolved';

export const ALERT_EVENT_TYPES: readonly AlertEventType[] = ['opened', 'escalated', 'reminder', 'woke-up', 'resolved'];

/** The account an alert is about (absent for platform-level alerts such as `parser-broken`). */
export interface AlertAccount {
  id: number;
  name: string;
  platform: string;
  url: string;
  unit: string | null;
  group: string | null;
  region: string | null;
}

/** The newest post seen: what a reader opens to check the alert for themselves. */
export interface AlertEvidence {
  lastPostAt: string | null;
  lastPostUrl: string | null;
  lastPostExcerpt: string | null;
}

/** Who answered an alert, when, and what they said: reminders stop until it gets worse. */
export interface AlertAcknowledgement {
  at: string;
  /** The API token's name (or `token <id>`), or the person named on the command line. */
  by: string | null;
  note: string | null;
}

export interface Alert {
  id: number;
  /** Stable identity of the trouble, e.g. `silence:42`, `parser-broken:telegram`. */
  key: string;
  kind: AlertKind;
  state: AlertState;
  severity: AlertSeverity;
  /** The account status that raised or last updated the alert, when it is about a status. */
  status: Status | null;
  platform: string;
  account: AlertAccount | null;
  reason: Reason;
  evidence: AlertEvidence | null;
  openedAt: string;
  resolvedAt: string | null;
  /** Null while nobody acknowledged it; absent in events recorded before acknowledgements existed. */
  acknowledgement?: AlertAcknowledgement | null;
}

/** One thing that happened to an alert, with the alert as it stood right after. */
export interface AlertEvent {
  id: number;
  type: AlertEventType;
  at: string;
  alert: Alert;
}
