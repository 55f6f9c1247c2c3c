import { renderWithin } from './fit-message.ts';
import { eventMessage, type EventMessage, type Segment } from './event-message.ts';
import type { WebhookPayloadFormat } from './payload-format.ts';
import type { Locale } from '../../domain/locale.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { refusedByStatus, snippet } from './read-answer.ts';

/** Slack refuses a section whose text is longer than this many characters (`invalid_blocks`). */
export const SLACK_MAX_SECTION_CHARS = 3000;

/** The body a Slack incoming webhook takes: `POST https://hooks.slack.com/services/…`. */
export interface SlackWebhookBody {
  /** Shown in notifications and where blocks cannot be. */
  text: string;
  blocks: Array<{ type: 'section'; text: { type: 'mrkdwn'; text: string } }>;
}

/**
 * The event as one Slack section: the title in bold, then the reason and the links.
 * Text is shortened to Slack's section limit; links are kept.
 */
export function slackBody(event: AlertEvent, locale: Locale): SlackWebhookBody {
  const message = eventMessage(event, locale);
  const section = renderWithin(message, render, (text) => text.length, SLACK_MAX_SECTION_CHARS);
  return {
    text: escapeSlack(message.title),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: section } }],
  };
}

function render(message: EventMessage): string {
  return [`*${escapeSlack(message.title)}*`, ...message.lines.map(slackLine)].join('\n');
}

function slackLine(line: readonly Segment[]): string {
  return line.map((s) => (s.href === undefined ? escapeSlack(s.text) : `<${slackHref(s.href)}|${escapeSlack(s.text)}>`)).join('');
}

/**
 * The three characters Slack reads as control sequences in message text; without this an
 * account name like `<!channel>` would notify the whole channel. (Slack has no escape for
 * `*` or `_`: they format, but cannot link or mention.)
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside `<url|text>`: `|` would end the URL, so it is percent-encoded. */
function slackHref(href: string): string {
  return escapeSlack(new URL(href).href.replace(/\|/g, '%7C'));
}

/** Slack answers 200 with the plain text `ok`; refusals come with a 4xx/5xx and a word such as `invalid_payload`. */
export const slackFormat: WebhookPayloadFormat = {
  format: 'slack',
  build: slackBody,
  accepted(status, body) {
    const refused = refusedByStatus(status, body);
    if (refused) return refused;
    return body.trim() === 'ok'
      ? { ok: true }
      : { ok: false, retry: false, reason: `Slack answered HTTP ${status} without "ok": ${snippet(body) || '(empty)'}` };
  },
};
