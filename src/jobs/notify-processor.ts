import { UnrecoverableError, type Job } from 'bullmq';
import type { AlertSettings } from '../alerts/alert-settings.ts';
import type { NotifyJobData, NotifyJobResult } from './job-types.ts';
import { eventsByIds } from '../store/alerts-repository.ts';
import type { Store } from '../store/database.ts';
import { logger } from '../logging/logger.ts';
import { webhookById } from '../store/subscriptions-repository.ts';
import { recordEventDelivery } from '../store/webhook-deliveries-repository.ts';
import { configuredMailer, deliverToSubscription } from '../alerts/notifiers/deliver-to-subscription.ts';
import type { EmailNotifier } from '../alerts/notifiers/send-email.ts';
import type { SleepwatchMetrics } from './metrics.ts';

export interface NotifyProcessorDeps {
  store: Store;
  settings: AlertSettings;
  userAgent: string;
  /** Replaces the SMTP connection (tests). */
  email?: EmailNotifier;
  /** Where delivery attempts are counted. */
  metrics?: Pick<SleepwatchMetrics, 'delivery'>;
}

/**
 * Delivers one alert event to one subscription: a signed POST, or an e-mail for `mailto:`
 * subscriptions. A delivery already recorded as done is not sent again (a job retried after
 * its worker died), and receivers get the event id in `X-Sleepwatch-Event` to drop the rare
 * duplicate of a crash between sending and recording. Every attempt is recorded as the
 * webhook's last delivery. Retryable failures throw, so BullMQ retries with backoff;
 * refusals stop at once.
 */
export function notifyProcessor({ store, settings, userAgent, email, metrics }: NotifyProcessorDeps) {
  const mailer = email ?? configuredMailer(settings);
  return async (job: Job<NotifyJobData, NotifyJobResult>): Promise<NotifyJobResult> => {
    const { webhookId, eventId } = job.data;
    const [hook, event, done] = await Promise.all([
      webhookById(store.db, webhookId),
      eventsByIds(store.db, [eventId]).then(([event]) => event),
      store.db
        .selectFrom('webhook_deliveries')
        .select('state')
        .where('webhook_id', '=', webhookId)
        .where('event_id', '=', eventId)
        .executeTakeFirst(),
    ]);
    if (!hook || !event) return { delivered: false, skipped: 'removed' };
    if (done?.state === 'delivered') return { delivered: false, skipped: 'already-delivered' };

    const started = performance.now();
    const result = await deliverToSubscription(hook, event, { settings, userAgent, mailer });
    await recordEventDelivery(store.db, { webhookId, eventId, result, at: new Date() });
    const outcome = result.ok ? 'delivered' : result.retry ? 'will-retry' : 'refused';
    // A retryable failure on the last attempt is the end of the delivery, as a refusal is.
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    metrics?.delivery(result.ok ? 'delivered' : result.retry && !lastAttempt ? 'retrying' : 'failed');
    logger()[result.ok ? 'info' : 'warn'](
      {
        event: 'delivery',
        webhookId,
        eventId,
        alertId: event.alert.id,
        // The host only: chat bots' URLs carry their key in the path or the query.
        target: targetHost(hook.url),
        format: hook.format,
        attempt: job.attemptsMade + 1,
        outcome,
        httpStatus: result.status,
        durationMs: Math.round(performance.now() - started),
        ...(result.ok ? {} : { reason: result.reason }),
      },
      `delivery of event ${eventId} to webhook ${webhookId}: ${outcome}`,
    );
    if (result.ok) return { delivered: true };
    if (result.retry) throw new Error(result.reason);
    throw new UnrecoverableError(result.reason);
  };
}

/** Where a delivery goes, without the parts of its URL that may be secret; `e-mail` for `mailto:` subscriptions. */
function targetHost(url: string): string {
  if (url.startsWith('mailto:')) return 'e-mail';
  try {
    return new URL(url).host;
  } catch {
    return 'unknown';
  }
}
