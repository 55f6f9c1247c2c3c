import type { AlertEvent } from '../../domain/alert.ts';
import type { Locale } from '../../domain/locale.ts';
import { describeEvent } from '../event-text.ts';

/** A run of plain text, or a link, inside one line of a message. */
export type Segment = { text: string; href?: undefined } | { text: string; href: string };

/** An event as a chat message: the title and the body lines, links marked out. */
export interface EventMessage {
  title: string;
  lines: Segment[][];
}

/**
 * The event text (`describeEvent`) with the account URL and the newest post's URL marked
 * as links, so each chat format can make them clickable its own way. URLs that are not
 * http(s) stay plain text: a scraped `javascript:` link must not become clickable.
 */
export function eventMessage(event: AlertEvent, locale: Locale): EventMessage {
  const { title, body } = describeEvent(event, locale);
  const links = eventLinks(event);
  return { title, lines: body.split('\n').map((line) => linkify(line, links)) };
}

/** The http(s) URLs a reader opens to check an alert: the account, then its newest post. */
export function eventLinks(event: AlertEvent): string[] {
  const candidates = [event.alert.account?.url, event.alert.evidence?.lastPostUrl];
  const links: string[] = [];
  for (const url of candidates) {
    if (url && isWebUrl(url) && !links.includes(url)) links.push(url);
  }
  return links;
}

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function linkify(line: string, links: readonly string[]): Segment[] {
  const segments: Segment[] = [];
  let rest = line;
  for (;;) {
    let at = -1;
    let found = '';
    for (const url of links) {
      const index = rest.indexOf(url);
      // The longest match wins where two URLs start at the same place (one a prefix of the other).
      if (index !== -1 && (at === -1 || index < at || (index === at && url.length > found.length))) {
        at = index;
        found = url;
      }
    }
    if (at === -1) break;
    if (at > 0) segments.push({ text: rest.slice(0, at) });
    segments.push({ text: found, href: found });
    rest = rest.slice(at + found.length);
  }
  if (rest || segments.length === 0) segments.push({ text: rest });
  return segments;
}
