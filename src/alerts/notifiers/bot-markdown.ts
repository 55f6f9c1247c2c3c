import type { Segment } from './event-message.ts';

/* Markdown as WeCom and DingTalk bots render it. */

/**
 * Makes text show literally in bot markdown: account names and post excerpts come from
 * strangers, and `*`, `[`, or a `<@userid>` / `<font>` tag in them would otherwise format
 * the message, fake a link or mention someone. Angle brackets become entities (the bots'
 * renderers accept HTML-ish tags, which a backslash does not stop).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_~[\]#|]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A link in markdown: the text escaped, parentheses in the URL encoded so they cannot end it early. */
export function markdownLink(text: string, href: string): string {
  return `[${escapeMarkdown(text)}](${markdownHref(href)})`;
}

function markdownHref(href: string): string {
  return new URL(href).href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

/** One message line as markdown: plain text escaped, links clickable. */
export function markdownLine(line: readonly Segment[]): string {
  return line.map((s) => (s.href === undefined ? escapeMarkdown(s.text) : markdownLink(s.text, s.href))).join('');
}
