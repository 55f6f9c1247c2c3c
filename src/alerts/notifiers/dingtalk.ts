import type { AlertEvent, Locale } from '../alert.ts';
import { acceptedByCode, escapeMarkdown, eventMessage, markdownLine, type WebhookPayloadFormat } from './notifier.ts';

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

export const dingtalkFormat: WebhookPayloadFormat = {
  format: 'dingtalk',
  build: dingtalkBody,
  accepted: (status, body) => acceptedByCode(status, body, { platform: 'DingTalk', codeFields: ['errcode'], messageFields: ['errmsg'], retryCodes: DINGTALK_RETRY_CODES }),
};
