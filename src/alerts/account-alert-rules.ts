import type { Reason } from '../domain/reason.ts';
import type { Status } from '../domain/account-status.ts';
import type { AlertEvidence, AlertKind, AlertSeverity } from '../domain/alert.ts';

/** An account as the alert rules see it: its current standing from the store. */
export interface AccountStanding {
  accountId: number;
  platform: string;
  status: Status;
  reason: Reason | null;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  evidence: AlertEvidence | null;
}

/** An alert an account's standing calls for. */
export interface WantedAlert {
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: Status | null;
  reason: Reason;
}

/** Kinds that follow the account's status; `unknown` never opens, escalates or ends one. */
const STATUS_KINDS: Partial<Record<Status, { kind: AlertKind; severity: (r: Reason | null) => AlertSeverity }>> = {
  drifting: { kind: 'silence', severity: () => 'warning' },
  sleeping: { kind: 'silence', severity: () => 'critical' },
  zombie: { kind: 'silence', severity: () => 'critical' },
  empty: { kind: 'empty', severity: () => 'warning' },
  // A closure that names no successor breaks the rule that a notice must say where service moved.
  closed: { kind: 'closed', severity: (r) => (r?.code === 'closure-notice' && r.target ? 'info' : 'warning') },
};

export const STATUS_ALERT_KINDS: readonly AlertKind[] = ['silence', 'empty', 'closed'];

export const alertKey = (kind: AlertKind, scope: number | string) => `${kind}:${scope}`;

/** How serious a status is, so drifting → sleeping → zombie reads as an escalation. */
export const STATUS_RANK: Record<Status, number> = { active: 0, unknown: 0, drifting: 1, empty: 1, closed: 1, sleeping: 2, zombie: 3 };

/**
 * The alerts an account's standing calls for. Failures never stand in for silence: an
 * `unknown` account keeps whatever status alert it had (see `keepsStatusAlerts`) and gets an
 * `unreachable` alert only after `unreachableAfter` failed looks in a row.
 */
export function wantedAlerts(a: AccountStanding, opts: { unreachableAfter: number; platformParserBroken: boolean }): WantedAlert[] {
  const wanted: WantedAlert[] = [];
  const rule = STATUS_KINDS[a.status];
  if (rule && a.reason)
    wanted.push({
      key: alertKey(rule.kind, a.accountId),
      kind: rule.kind,
      severity: rule.severity(a.reason),
      status: a.status,
      reason: a.reason,
    });
  // While a platform's parser is broken, one platform alert speaks for all its accounts.
  if (a.status === 'unknown' && a.consecutiveFailures >= opts.unreachableAfter && !opts.platformParserBroken) {
    wanted.push({
      key: alertKey('unreachable', a.accountId),
      kind: 'unreachable',
      severity: 'warning',
      status: 'unknown',
      reason: { code: 'unreachable', consecutiveFailures: a.consecutiveFailures, lastSuccessAt: a.lastSuccessAt },
    });
  }
  return wanted;
}

/** An unknown status says nothing new about activity: open status alerts stay as they are. */
export function keepsStatusAlerts(status: Status): boolean {
  return status === 'unknown';
}

/**
 * How an open status alert ends when the account no longer calls for it: `woke-up` when the
 * account is posting again (or a closed account revived), `resolved` when another kind of
 * trouble replaced it (a silent account that published a closure notice).
 */
export function endingOf(kind: AlertKind, status: Status): 'woke-up' | 'resolved' {
  if (STATUS_KINDS[status]) return 'resolved';
  return kind === 'unreachable' ? 'resolved' : 'woke-up';
}
