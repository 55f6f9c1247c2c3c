import type { DeliveryResult } from '../../domain/delivery-result.ts';
import type { AlertSettings } from '../alert-settings.ts';
import type { WebhookSubscription } from '../../store/subscriptions-repository.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import { createEmailNotifier, type EmailNotifier } from './send-email.ts';

/** Per delivery: receivers are chat bots and small services, not crawled pages. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** The refusal of an e-mail subscription when no SMTP server is configured. */
export const NO_SMTP_SERVER = 'no SMTP server is configured (SLEEPWATCH_SMTP_URL)';

export interface SubscriptionDeliveryOptions {
  settings: AlertSettings;
  userAgent: string;
  /** Sends `mailto:` subscriptions; undefined when no SMTP server is configured. */
  mailer: EmailNotifier | undefined;
  /** The clock signatures are made with. @defaultValue `() => new Date()` */
  now?: () => Date;
}

/** The configured e-mail notifier, or undefined without `SLEEPWATCH_SMTP_URL`. */
export function configuredMailer(settings: AlertSettings): EmailNotifier | undefined {
  return settings.email ? createEmailNotifier(settings.email) : undefined;
}

/**
 * Delivers one event to one subscription, as every delivery goes (the queue's and
 * `webhooks test`'s alike): an e-mail for `mailto:` subscriptions, otherwise a POST through
 * the SSRF guard, loopback and private receivers allowed when the webhook was added with
 * them allowed or the configuration allows them. Never throws for delivery trouble.
 */
export function deliverToSubscription(
  hook: WebhookSubscription,
  event: AlertEvent,
  options: SubscriptionDeliveryOptions,
): Promise<DeliveryResult> {
  if (hook.url.startsWith('mailto:')) {
    if (!options.mailer) return Promise.resolve({ ok: false, retry: false, status: null, reason: NO_SMTP_SERVER });
    return options.mailer.send(hook.url.slice('mailto:'.length).split(','), event, hook.locale);
  }
  return deliverWebhook(hook, event, {
    allowPrivateHosts: hook.allowPrivateHosts || options.settings.allowPrivateHosts,
    timeoutMs: DELIVERY_TIMEOUT_MS,
    userAgent: options.userAgent,
    ...(options.now ? { now: options.now } : {}),
  });
}
