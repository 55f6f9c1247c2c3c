import { escapeMarkdown, markdownLine } from './bot-markdown.ts';
import { renderWithin, utf8Bytes } from './fit-message.ts';
import { eventMessage, type EventMessage } from './event-message.ts';
import type { WebhookPayloadFormat } from './payload-format.ts';
import type { Locale } from '../../domain/locale.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { acceptedByCode } from './read-answer.ts';

/** WeCom refuses markdown content longer than this many UTF-8 bytes (errcode 40058). */
export const WECOM_MAX_CONTENT_BYTES = 4096;

/** The body a 企业微信 (WeCom) group robot takes: `POST …/cgi-bin/webhook/send?key=…`. */
export interface WecomMarkdownBody {
  msgtype: 'markdown';
  markdown: { content: string };
}

/**
 * The event as WeCom markdown: the title in bold, then the reason and the links, one per
 * line. Long text is shortened so the content stays within 4096 bytes; links are kept.
 */
export function wecomBody(event: AlertEvent, locale: Locale): WecomMarkdownBody {
  const content = renderWithin(eventMessage(event, locale), render, utf8Bytes, WECOM_MAX_CONTENT_BYTES);
  return { msgtype: 'markdown', markdown: { content } };
}

function render(message: EventMessage): string {
  return [`**${escapeMarkdown(message.title)}**`, ...message.lines.map(markdownLine)].join('\n');
}

/** 45009: the robot's 20-a-minute limit; -1: "system busy". Both pass. */
const WECOM_RETRY_CODES: ReadonlySet<number> = new Set([45009, -1]);

export const wecomFormat: WebhookPayloadFormat = {
  format: 'wecom',
  build: wecomBody,
  accepted: (status, body) =>
    acceptedByCode(status, body, { platform: 'WeCom', codeFields: ['errcode'], messageFields: ['errmsg'], retryCodes: WECOM_RETRY_CODES }),
};
