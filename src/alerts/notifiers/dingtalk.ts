import { createHmac } from 'node:crypto';
import { escapeMarkdown, markdownLine } from './bot-markdown.ts';
import { eventMessage } from './event-message.ts';
import type { BotSigning, WebhookPayloadFormat } from './payload-format.ts';
import type { Locale } from '../../domain/locale.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { acceptedByCode } from './read-answer.ts';

/** The body a DingTalk (钉钉) custom robot takes: `POST …/robot/send?access_token=…`. */
export interface DingtalkMarkdownBody {
  msgtype: 'markdown';
  /** `title` is what the conversation list previews; `text` is the message itself. */
  markdown: { title: string; text: string };
}

/**
 * The event as DingTalk markdown: a heading, then the reason and the links. Lines are
 * separated by a blank line because DingTalk joins single-newline lines into one paragraph.
 */
export function dingtalkBody(event: AlertEvent, locale: Locale): DingtalkMarkdownBody {
  const message = eventMessage(event, locale);
  const text = [`#### ${escapeMarkdown(message.title)}`, ...message.lines.map(markdownLine)].join('\n\n');
  return { msgtype: 'markdown', markdown: { title: message.title, text } };
}

/**
 * 130101 and 410100: the robot's 20-a-minute limit ("send too fast"); 90030: "webhook over
 * limit", a quota that resets later. All pass, so the backoff (up to about a day) waits them out.
 */
const DINGTALK_RETRY_CODES: ReadonlySet<number> = new Set([130101, 410100, 90030]);

/**
 * The signature of a robot with 加签 on: base64 of the HMAC-SHA256, keyed with the secret,
 * of "<timestamp in ms>\n<secret>". It goes in the URL (`&timestamp=…&sign=…`), URL-encoded.
 */
export function dingtalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

const dingtalkSigning: BotSigning = {
  sign({ url, body }, secret, now) {
    const timestamp = now.getTime();
    const signed = new URL(url);
    // Appended as text: rewriting the query through searchParams would re-encode the access token's part too.
    const parameters = `timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSignature(secret, timestamp))}`;
    signed.search = signed.search ? `${signed.search}&${parameters}` : `?${parameters}`;
    return { url: signed, body };
  },
  // The robot's security settings show it under 加签 as "SEC" and hex digits.
  checkSecret: (secret) => (/^SEC\S+$/.test(secret) ? null : 'a DingTalk signing secret starts with SEC (robot settings, 安全设置 → 加签)'),
};

export const dingtalkFormat: WebhookPayloadFormat = {
  format: 'dingtalk',
  build: dingtalkBody,
  signing: dingtalkSigning,
  accepted: (status, body) =>
    acceptedByCode(status, body, {
      platform: 'DingTalk',
      codeFields: ['errcode'],
      messageFields: ['errmsg'],
      retryCodes: DINGTALK_RETRY_CODES,
    }),
};
