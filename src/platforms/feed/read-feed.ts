import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import { parseDate } from '../../parsing/date.ts';
import { excerpt } from '../excerpt.ts';
import type { FeedDocument } from './feed-document.ts';
import { readJsonFeed } from './json-feed.ts';
import { readXmlFeed } from './xml-feed.ts';

/** What the feed reader needs besides the body. */
export interface FeedContext {
  /** URL the feed came from; relative entry links resolve against it. */
  url: string;
  now: Date;
  timeZone: string;
}

/**
 * Reads any supported feed into page facts. The format is sniffed from the body (servers
 * label feeds inconsistently): `{` starts a JSON Feed, `<` an XML feed. Feeds state no
 * follower or post count; `postsCount` is 0 only when the feed document lists no entries and
 * holds nothing but known metadata (the readers check that, see `empty-feed.ts`).
 *
 * @throws PageMismatchError when the body is not a complete feed, or when it lists entries
 *   but none has a readable date (a parser that reads nothing must not look like silence).
 */
export function readFeed(body: string, ctx: FeedContext): PageFacts {
  return toFacts(parseDocument(body, ctx.url), ctx);
}

function parseDocument(body: string, url: string): FeedDocument {
  // Real feeds start with a BOM, blank lines or an indented XML declaration.
  const start = body.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) return readJsonFeed(start, url);
  if (start.startsWith('<')) return readXmlFeed(start, url);
  if (!start) throw new PageMismatchError('not a feed: empty body');
  throw new PageMismatchError(`not a feed: body starts with "${Array.from(start).slice(0, 40).join('')}"`);
}

function toFacts(doc: FeedDocument, ctx: FeedContext): PageFacts {
  const posts: ObservedPost[] = [];
  // Assigned inside the callback below, which the compiler's narrowing does not follow.
  let unreadable = null as string | null;
  doc.entries.forEach((entry, index) => {
    // An undated entry says nothing about when the account was active; skip it.
    const date = entry.date ? parseDate(entry.date, { now: ctx.now, timeZone: ctx.timeZone }) : null;
    if (!date) {
      unreadable ??= entry.date;
      return;
    }
    posts.push({
      id: entry.id ?? entry.url ?? `#${index + 1}`,
      at: date.iso,
      precision: date.precision,
      pinned: false,
      repost: false,
      url: entry.url,
      excerpt: (entry.title && excerpt(entry.title)) || excerpt(entry.summary() ?? ''),
    });
  });
  if (doc.entries.length > 0 && posts.length === 0) {
    const why = unreadable === null ? 'no entry states a date' : `no entry has a readable date (e.g. "${unreadable}")`;
    throw new PageMismatchError(`the feed lists ${doc.entries.length} entries but ${why}`);
  }
  return {
    displayName: doc.title,
    followers: null,
    followersApproximate: null,
    postsCount: doc.entries.length === 0 ? 0 : null,
    posts,
  };
}
