import type { Transaction } from 'kysely';
import type { Reason } from '../domain/reason.ts';
import type { Dependency, DependencyOutage } from '../domain/dependency.ts';
import { openAlert, resolveAlert, type AlertDraft } from '../store/alerts-repository.ts';
import type { Schema } from '../store/schema.ts';
import { alertKey } from './account-alert-rules.ts';
import type { Alert, AlertEvent } from '../domain/alert.ts';

/** What the evaluating process knows of its infrastructure (see InfrastructureHealth). */
export interface InfrastructureView {
  /** Outages under way (`until` null), and those ended since the alerts last took them up, oldest first. */
  outages: readonly DependencyOutage[];
  /** The dependencies this process reaches now. */
  reachable: readonly Dependency[];
  /** How long an outage lasts before it is an alert; shorter ones are only logged. */
  alertAfterMs: number;
}

/**
 * The `infrastructure` alert, one per dependency (`infrastructure:redis`): opened once an
 * outage has lasted `alertAfterMs`, resolved when the connection is back. It concerns no
 * account: while sleepwatch's own queue or store is down, accounts wait and nothing is judged.
 *
 * An outage of the store itself cannot be written while it lasts: it is recorded when the store
 * is back, opened and resolved at once, so feeds and webhooks still tell of it. An open alert
 * about a dependency this process reaches (one opened before a restart) is resolved.
 */
export async function evaluateInfrastructure(
  trx: Transaction<Schema>,
  open: Map<string, Alert>,
  view: InfrastructureView,
  now: Date,
  push: (e: AlertEvent | null) => void,
): Promise<void> {
  for (const outage of view.outages) {
    const key = alertKey('infrastructure', outage.dependency);
    const existing = open.get(key);
    const lasted = (outage.until ?? now).getTime() - outage.since.getTime();
    if (outage.until === null) {
      if (!existing && lasted >= view.alertAfterMs) {
        const opened = await openAlert(trx, draft(outage), now);
        push(opened);
        if (opened) open.set(key, opened.alert);
      }
      continue;
    }
    open.delete(key);
    if (existing) push(await resolveAlert(trx, existing.id, 'resolved', reasonOf(outage), now));
    else if (lasted >= view.alertAfterMs) {
      const opened = await openAlert(trx, draft(outage), now);
      push(opened);
      if (opened) push(await resolveAlert(trx, opened.alert.id, 'resolved', reasonOf(outage), now));
    }
  }
  const underWay = new Set(view.outages.filter((o) => o.until === null).map((o) => alertKey('infrastructure', o.dependency)));
  for (const alert of [...open.values()].filter((a) => a.kind === 'infrastructure')) {
    open.delete(alert.key);
    if (underWay.has(alert.key) || !view.reachable.includes(alert.platform as Dependency) || alert.reason.code !== 'infrastructure')
      continue;
    push(await resolveAlert(trx, alert.id, 'resolved', { ...alert.reason, until: now.toISOString() }, now));
  }
}

function reasonOf(o: DependencyOutage): Reason {
  return {
    code: 'infrastructure',
    dependency: o.dependency,
    target: o.target,
    cause: o.cause,
    since: o.since.toISOString(),
    until: o.until?.toISOString() ?? null,
  };
}

/** Platform-level in form: the dependency stands where a platform would, and no account is named. */
function draft(o: DependencyOutage): AlertDraft {
  return {
    key: alertKey('infrastructure', o.dependency),
    kind: 'infrastructure',
    severity: 'critical',
    status: null,
    platform: o.dependency,
    accountId: null,
    reason: reasonOf({ ...o, until: null }),
    evidence: null,
  };
}
