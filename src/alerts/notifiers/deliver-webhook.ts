import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { snippet } from './read-answer.ts';
import type { SignableRequest } from './payload-format.ts';
import type { DeliveryResult } from '../../domain/delivery-result.ts';
import type { Locale } from '../../domain/locale.ts';
import { ForbiddenTargetError } from '../../domain/errors.ts';
import { guardedLookup, type TargetPolicy } from '../../crawlers/fetch-guard.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { redactSecrets, urlSecrets } from './redact-secrets.ts';
import { SIGNATURE_HEADER, signPayload } from './signature.ts';
import { checkWebhookUrl } from './webhook-target.ts';
import { payloadFormat } from './webhook-formats.ts';
import { describeTarget } from './describe-target.ts';

/** The header that carries the event id, so a receiver can drop an event it already handled. */
export const EVENT_HEADER = 'X-Sleepwatch-Event';

/** How much of a receiver's answer is read: enough for any bot's verdict, not a way to fill our memory. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** Where and how one webhook is delivered. */
export interface WebhookTarget {
  /** The receiver. Bot keys often live in the query (`?key=…`, `?access_token=…`) or the path: never shown whole. */
  url: string;
  /** Signs every body (`X-Sleepwatch-Signature`); empty: no such header (chat bots do not read it). Never shown. */
  secret: string;
  /** The bot's own signing secret (DingTalk's and Feishu's 加签), or null; never shown. */
  signSecret: string | null;
  /** A name in `WEBHOOK_PAYLOAD_FORMATS`; any other is refused at delivery. */
  format: string;
  locale: Locale;
}

export interface WebhookDeliveryOptions {
  /** Allow loopback and private receivers (an intranet bot, tests). Cloud metadata addresses stay refused. */
  allowPrivateHosts: boolean;
  /** Whole-delivery time limit (connect, send, answer), in ms. */
  timeoutMs: number;
  /** The clock the signatures' timestamps are read from. @defaultValue `() => new Date()` */
  now?: () => Date;
  userAgent: string;
}

/**
 * POSTs one event to one webhook and reports whether the receiver took it.
 *
 * The request goes through the SSRF guard: a literal private address is refused before
 * connecting, a name is checked against every address it resolves to when the socket
 * connects, and redirects are not followed (a 3xx is a refusal). Success is read from the
 * answer the way the format's platform writes it (see `WebhookPayloadFormat.accepted`).
 *
 * The body carries the bot's own signature when the target has a sign secret (DingTalk and
 * Feishu check it), and the `X-Sleepwatch-Signature` header when it has a secret.
 *
 * Never throws for delivery trouble: network errors and time-outs come back as
 * `{ ok: false, retry: true }`, refusals by policy or by the receiver as `retry: false`
 * (429 and 5xx excepted). Reasons and answers show the URL without query and with
 * token-like path segments masked, and never contain a secret.
 */
export async function deliverWebhook(target: WebhookTarget, event: AlertEvent, options: WebhookDeliveryOptions): Promise<DeliveryResult> {
  const secrets = [target.secret, target.signSecret ?? '', ...urlSecrets(target.url)];
  const fail = (retry: boolean, status: number | null, reason: string, answer?: string): DeliveryResult => ({
    ok: false,
    retry,
    status,
    reason: redactSecrets(reason, secrets),
    ...(answer === undefined ? {} : { answer: redactSecrets(answer, secrets) }),
  });

  const format = payloadFormat(target.format);
  if (!format) return fail(false, null, `unknown webhook format "${target.format}"`);
  const policy: TargetPolicy = { allowPrivateHosts: options.allowPrivateHosts };
  let url: URL;
  try {
    url = checkWebhookUrl(target.url, policy);
  } catch (err) {
    return fail(false, null, `webhook ${describeTarget(target.url)} refused: ${messageOf(err)}`);
  }

  const now = options.now?.() ?? new Date();
  let outgoing: SignableRequest = { url, body: format.build(event, target.locale) };
  if (target.signSecret) {
    if (!format.signing)
      return fail(
        false,
        null,
        `webhook ${describeTarget(target.url)}: the ${target.format} format has no signature of its own to sign with`,
      );
    outgoing = format.signing.sign(outgoing, target.signSecret, now);
    // The signed URL's `sign` is a credential for an hour: kept out of reasons too.
    secrets.push(...urlSecrets(outgoing.url.href));
  }
  const body = JSON.stringify(outgoing.body);
  // One dispatcher per delivery: alerts are rare, and a private agent cannot be reused with
  // another policy by mistake.
  const dispatcher = new Agent({
    connect: { lookup: guardedLookup(policy), timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  try {
    const response = await request(outgoing.url, {
      method: 'POST',
      dispatcher,
      signal: deadline.signal,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': options.userAgent,
        ...(target.secret ? { [SIGNATURE_HEADER]: signPayload(target.secret, body, Math.floor(now.getTime() / 1000)) } : {}),
        [EVENT_HEADER]: String(event.id),
      },
      body,
    });
    const answer = await readCapped(response.body, MAX_ANSWER_BYTES);
    const verdict = format.accepted(response.statusCode, answer);
    if (verdict.ok) return { ok: true, status: response.statusCode, answer: redactSecrets(snippet(answer), secrets) };
    return fail(verdict.retry, response.statusCode, `webhook ${describeTarget(target.url)}: ${verdict.reason}`, snippet(answer));
  } catch (err) {
    if (deadline.signal.aborted) return fail(true, null, `webhook ${describeTarget(target.url)} timed out after ${options.timeoutMs} ms`);
    if (isForbidden(err)) return fail(false, null, `webhook ${describeTarget(target.url)} refused: ${messageOf(err)}`);
    return fail(true, null, `webhook ${describeTarget(target.url)} unreachable: ${messageOf(err)}`);
  } finally {
    clearTimeout(timer);
    dispatcher.destroy().catch(() => {});
  }
}

/** Reads at most `maxBytes` of the answer and drops the rest: a verdict never needs more. */
async function readCapped(stream: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    chunks.push(buffer.subarray(0, maxBytes - size));
    size += Math.min(buffer.length, maxBytes - size);
    if (size >= maxBytes) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isForbidden(err: unknown): boolean {
  return err instanceof ForbiddenTargetError || (err instanceof Error && err.cause instanceof ForbiddenTargetError);
}

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  const cause = err.cause instanceof Error && err.cause.message !== err.message ? ` (${err.cause.message})` : '';
  return `${err.message}${code && !err.message.includes(code) ? ` [${code}]` : ''}${cause}`;
}
