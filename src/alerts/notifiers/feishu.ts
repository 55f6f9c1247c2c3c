import { createHmac } from 'node:crypto';
import { eventMessage } from './event-message.ts';
import type { BotSigning, WebhookPayloadFormat } from './payload-format.ts';
import type { Locale } from '../../domain/locale.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { acceptedByCode } from './read-answer.ts';

/** One element of a Feishu rich-text ("post") line: plain text or a link. */
export type FeishuPostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

/** The body a Feishu / Lark custom bot takes: `POST …/open-apis/bot/v2/hook/<token>`. */
export interface FeishuPostBody {
  msg_type: 'post';
  content: { post: Partial<Record<'zh_cn' | 'en_us', { title: string; content: FeishuPostElement[][] }>> };
}

/**
 * The event as a Feishu rich-text post: the title, then one paragraph per line with the
 * account and newest-post URLs as links. Post text is not markup, so nothing is escaped.
 */
export function feishuBody(event: AlertEvent, locale: Locale): FeishuPostBody {
  const message = eventMessage(event, locale);
  const content = message.lines.map((line) =>
    line.map((s): FeishuPostElement => (s.href === undefined ? { tag: 'text', text: s.text } : { tag: 'a', text: s.text, href: s.href })),
  );
  const language = locale === 'zh-CN' ? 'zh_cn' : 'en_us';
  return { msg_type: 'post', content: { post: { [language]: { title: message.title, content } } } };
}

/** 11232: the bot's rate limit (100 a minute, 5 a second). It passes. */
const FEISHU_RETRY_CODES: ReadonlySet<number> = new Set([11232]);

/**
 * The signature of a bot with 签名校验 on: base64 of the HMAC-SHA256 of an empty message,
 * keyed with "<timestamp in s>\n<secret>". It goes in the body, beside `timestamp` (a string).
 */
export function feishuSignature(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).digest('base64');
}

const feishuSigning: BotSigning = {
  sign({ url, body }, secret, now) {
    const timestamp = Math.floor(now.getTime() / 1000);
    return { url, body: { timestamp: String(timestamp), sign: feishuSignature(secret, timestamp), ...body } };
  },
  checkSecret: (secret) => (/^\S+$/.test(secret) ? null : 'a Feishu signing secret has no spaces (bot settings, 安全设置 → 签名校验)'),
};

/** Feishu answers `{"code":0,"msg":"success"}`; older deployments `{"StatusCode":0,"StatusMessage":"success"}`. */
export const feishuFormat: WebhookPayloadFormat = {
  format: 'feishu',
  build: feishuBody,
  signing: feishuSigning,
  accepted: (status, body) =>
    acceptedByCode(status, body, {
      platform: 'Feishu',
      codeFields: ['code', 'StatusCode'],
      messageFields: ['msg', 'StatusMessage'],
      retryCodes: FEISHU_RETRY_CODES,
    }),
};
