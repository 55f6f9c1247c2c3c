import nodemailer, { type Transporter } from 'nodemailer';
import { snippet } from './read-answer.ts';
import { eventLinks } from './event-message.ts';
import type { DeliveryResult } from '../../domain/delivery-result.ts';
import type { Locale } from '../../domain/locale.ts';
import { InvalidInputError, redactUrl } from '../../domain/errors.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { describeEvent } from '../event-text.ts';
import { EVENT_HEADER } from './deliver-webhook.ts';
import { redactSecrets, urlSecrets } from './redact-secrets.ts';

/** Where alert e-mail goes out. */
export interface EmailSettings {
  /** `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://user:password@host:465`. Never shown whole. */
  url: string;
  /** The sender, e.g. `"sleepwatch" <alerts@example.org>`. */
  from: string;
}

/** Sends alert events as plain-text e-mail. */
export interface EmailNotifier {
  /**
   * One e-mail to all of `to`: subject the event title, body the event text and its links.
   * Never throws for delivery trouble; the reason never contains the SMTP password.
   */
  send(to: string[], event: AlertEvent, locale: Locale): Promise<DeliveryResult>;
}

/**
 * An e-mail notifier over SMTP. `transport` replaces the SMTP connection, e.g. nodemailer's
 * `jsonTransport` in tests; `settings.url` is then only checked and used to redact errors.
 *
 * The SMTP server is operator configuration, not user input, so it does not go through the
 * SSRF guard that webhooks do.
 *
 * @throws InvalidInputError when the URL is not `smtp://` or `smtps://`.
 */
export function createEmailNotifier(settings: EmailSettings, transport?: Transporter): EmailNotifier {
  assertSmtpUrl(settings.url);
  const transporter = transport ?? nodemailer.createTransport(settings.url);
  const secrets = urlSecrets(settings.url);

  return {
    async send(to, event, locale) {
      if (to.length === 0) return { ok: false, retry: false, status: null, reason: 'no e-mail recipients' };
      const { title, body } = describeEvent(event, locale);
      const missingLinks = eventLinks(event).filter((link) => !body.includes(link));
      try {
        const info = (await transporter.sendMail({
          from: settings.from,
          to,
          subject: title,
          text: [body, ...missingLinks].join('\n'),
          headers: { [EVENT_HEADER]: String(event.id) },
        })) as { response?: unknown };
        const answer = typeof info.response === 'string' ? redactSecrets(snippet(info.response), secrets) : undefined;
        return { ok: true, status: replyCode(info.response) ?? 250, ...(answer ? { answer } : {}) };
      } catch (err) {
        const smtp = smtpFailure(err);
        const reason = `e-mail via ${redactUrl(settings.url)} failed: ${smtp.message}`;
        return { ok: false, retry: smtp.retry, status: smtp.replyCode, reason: redactSecrets(reason, secrets) };
      }
    },
  };
}

function assertSmtpUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new InvalidInputError('the e-mail URL is not a valid URL (expected smtp://user:password@host:port)');
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new InvalidInputError(`the e-mail URL ${redactUrl(url)} must start with smtp:// or smtps://`);
  }
}

/** nodemailer error codes that a later attempt will not fix: bad credentials, addresses or message. */
const PERMANENT_ERROR_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'EOAUTH2', 'ETLS']);

/**
 * What a nodemailer failure means: an SMTP reply code, when the server gave one, decides
 * (4xx is "try again later", 5xx is final); otherwise connection trouble is retried and
 * configuration trouble is not.
 */
function smtpFailure(err: unknown): { message: string; retry: boolean; replyCode: number | null } {
  const details = (typeof err === 'object' && err !== null ? err : {}) as { message?: unknown; code?: unknown; responseCode?: unknown };
  const message = typeof details.message === 'string' ? details.message : String(err);
  const replyCode = typeof details.responseCode === 'number' ? details.responseCode : null;
  if (replyCode !== null) return { message, retry: replyCode >= 400 && replyCode < 500, replyCode };
  const code = typeof details.code === 'string' ? details.code : '';
  return {
    message: code && !message.includes(code) ? `${message} [${code}]` : message,
    retry: !PERMANENT_ERROR_CODES.has(code),
    replyCode,
  };
}

/** The SMTP reply code at the start of a server answer such as "250 2.0.0 Ok: queued". */
function replyCode(response: unknown): number | null {
  const match = typeof response === 'string' ? /^(\d{3})\b/.exec(response) : null;
  return match ? Number(match[1]) : null;
}
