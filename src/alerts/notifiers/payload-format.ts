import type { AlertEvent } from '../../domain/alert.ts';
import type { Locale } from '../../domain/locale.ts';

/** Whether the receiver took a delivery, read from its answer. */
export type Acceptance = { ok: true } | { ok: false; retry: boolean; reason: string };

/**
 * How alert events are written for one kind of receiver, and how its answer is read.
 *
 * Group bots answer HTTP 200 even when they drop the message (WeCom and DingTalk put an
 * `errcode` in the body, Feishu a `code`, Slack a plain-text word), so `accepted` must read
 * the body, not only the status.
 */
export interface WebhookPayloadFormat {
  /** Its name: the key it has in `WEBHOOK_PAYLOAD_FORMATS`, stored with each webhook. */
  format: string;
  /** The JSON body for one event, in the reader's language. */
  build(event: AlertEvent, locale: Locale): object;
  /** Reads the receiver's answer: 429 and 5xx are worth retrying, other refusals are not. */
  accepted(status: number, body: string): Acceptance;
  /**
   * The bot's own signature check, for platforms that have one (DingTalk's and Feishu's 加签).
   * Absent: the platform checks none, and a webhook of this format takes no sign secret.
   */
  signing?: BotSigning;
}

/** A request as a bot signature changes it: DingTalk signs in the query, Feishu in the body. */
export interface SignableRequest {
  url: URL;
  body: object;
}

/** How a chat platform's bot checks that a message comes from whoever holds its signing secret. */
export interface BotSigning {
  /** The request signed with `secret` at `now` (the platforms refuse signatures older than an hour). */
  sign(request: SignableRequest, secret: string, now: Date): SignableRequest;
  /** Why `secret` cannot be this platform's signing secret, or null. Never repeats the secret. */
  checkSecret(secret: string): string | null;
}
