import { logger } from '../logging/logger.ts';
import type { AlertEvent } from '../domain/alert.ts';

/**
 * One log line per alert transition, once it is committed: which alert, about which account,
 * and the state it went from and to (`none → open` when opened, `open → resolved` when it
 * ended; an escalation or a reminder keeps it open, with its new severity and status).
 */
export function logAlertEvents(events: readonly AlertEvent[]): void {
  for (const { id, type, alert } of events) {
    const from = type === 'opened' ? 'none' : 'open';
    logger().info(
      {
        event: 'alert',
        alertId: alert.id,
        eventId: id,
        kind: alert.kind,
        type,
        from,
        to: alert.state,
        accountId: alert.account?.id ?? null,
        account: alert.account?.name ?? null,
        platform: alert.platform,
        severity: alert.severity,
        status: alert.status,
      },
      `alert ${alert.id} (${alert.kind}${alert.account ? ` of account ${alert.account.id}` : ''}) ${type}: ${from} → ${alert.state}`,
    );
  }
}
