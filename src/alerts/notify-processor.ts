import { UnrecoverableError, type Job } from 'bullmq';
import { sql } from 'kysely';
import type { AlertSettings } from '../config.ts';
import type { NotifyJobData, NotifyJobResult } from '../jobs/job-types.ts';
import { eventsByIds } from '../store/alerts-repository.ts';
import type { Store } from '../store/database.ts';
import { webhookById } from '../store/subscriptions-repository.ts';
import { deliverWebhook, type DeliveryResult } from './notifiers/deliver-webhook.ts';
import { createEmailNotifier, type EmailNotifier } from './notifiers/send-email.ts';

export interface NotifyProcessorDeps {
  store: Store;
  settings: AlertSettings;
  userAgent: string;
  /** Replaces the SMTP connection (tests). */
  email?: EmailNotifier;
}

/** Per delivery: receivers are chat bots and small services, not crawled pages. */
const DELIVERY_TIMEOUT_MS = 15_000;

/**
 * Delivers one alert event to one subscription: a signed POST, or an e-mail for `mailto:`
 * subscriptions. A delivery already recorded as done is not sent again (a job retried after
 * its worker died), and receivers get the event id in `X-Sleepwatch-Event` to drop the rare
 * duplicate of a crash between sending and recording. Retryable failures throw, so BullMQ
 * retries with backoff; refusals stop at once.
 */
export function notifyProcessor({ store, settings, userAgent, email }: NotifyProcessorDeps) {
  const mailer = email ?? (settings.email ? createEmailNotifier(settings.email) : undefined);
  return async (job: Job<NotifyJobData, NotifyJobResult>): Promise<NotifyJobResult> => {
    const { webhookId, eventId } = job.data;
    const [hook, event, done] = await Promise.all([
      webhookById(store.db, webhookId),
      eventsByIds(store.db, [eventId]).then(([event]) => event),
      store.db.selectFrom('webhook_deliveries').select('state').where('webhook_id', '=', webhookId).where('event_id', '=', eventId).executeTakeFirst(),
    ]);
    if (!hook || !event) return { delivered: false, skipped: 'removed' };
    if (done?.state === 'delivered') return { delivered: false, skipped: 'already-delivered' };

    let result: DeliveryResult;
    if (hook.url.startsWith('mailto:')) {
      result = mailer
        ? await mailer.send(hook.url.slice('mailto:'.length).split(','), event, hook.locale)
        : { ok: false, retry: false, status: null, reason: 'no SMTP server is configured (SLEEPWATCH_SMTP_URL)' };
    } else {
      result = await deliverWebhook(hook, event, { allowPrivateHosts: settings.allowPrivateHosts, timeoutMs: DELIVERY_TIMEOUT_MS, userAgent });
    }
    const state = result.ok ? 'delivered' : result.retry ? 'retrying' : 'failed';
    await sql`
      insert into webhook_deliveries (webhook_id, event_id, state, attempts, last_status, last_error, updated_at)
      values (${webhookId}, ${eventId}, ${state}, 1, ${result.status}, ${result.ok ? null : result.reason}, now())
      on conflict (webhook_id, event_id) do update set
        state = excluded.state, attempts = webhook_deliveries.attempts + 1,
        last_status = excluded.last_status, last_error = excluded.last_error, updated_at = now()`.execute(store.db);
    if (result.ok) return { delivered: true };
    if (result.retry) throw new Error(result.reason);
    throw new UnrecoverableError(result.reason);
  };
}
