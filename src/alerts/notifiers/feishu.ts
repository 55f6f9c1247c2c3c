import type { AlertEvent, Locale } from '../alert.ts';
import { acceptedByCode, eventMessage, type WebhookPayloadFormat } from './notifier.ts';

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

/** Feishu answers `{"code":0,"msg":"success"}`; older deployments `{"StatusCode":0,"StatusMessage":"success"}`. */
export const feishuFormat: WebhookPayloadFormat = {
  format: 'feishu',
  build: feishuBody,
  accepted: (status, body) =>
    acceptedByCode(status, body, { platform: 'Feishu', codeFields: ['code', 'StatusCode'], messageFields: ['msg', 'StatusMessage'], retryCodes: FEISHU_RETRY_CODES }),
};
