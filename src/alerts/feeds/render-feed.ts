import { createHash } from 'node:crypto';
import { Feed, type Category, type Item } from 'feed';
import type { Locale } from '../../domain/locale.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { describeEvent } from '../event-text.ts';

/** The syndication formats served under `/feeds/alerts.{rss,atom,json}`. */
export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** The `Content-Type` each format is served with. */
export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export interface AlertFeedOptions {
  /** Language of the feed title and of every entry's text. */
  locale: Locale;
  /** The feed's own URL as the subscriber requested it, token included, so readers can refresh it. */
  selfUrl: string;
  /**
   * The page the feed is about (its channel link: RSS `<link>`, Atom `rel="alternate"`, JSON
   * Feed `home_page_url`), and where an entry links when it has no post or account URL. It
   * must exist on the server: `serve` passes its alerts API under the feed's token.
   */
  siteUrl: string;
  /** Overrides the localised default title. */
  title?: string;
  /**
   * When the feed last changed. Pass the newest event time (`feedValidators(...).lastModified`)
   * rather than "now", or the body changes on every request while its ETag does not.
   */
  updated: Date;
}

export interface RenderedFeed {
  body: string;
  contentType: string;
}

/**
 * Renders alert events as an RSS 2.0, Atom 1.0 or JSON Feed 1.1 document: one entry per event,
 * in the order given (newest first). Entry ids never change between renders, so readers do
 * not show an event twice.
 */
export function renderAlertFeed(format: FeedFormat, events: AlertEvent[], options: AlertFeedOptions): RenderedFeed {
  const words = FEED_WORDS[options.locale];
  const feed = new Feed({
    id: feedId(options.selfUrl),
    title: options.title ?? words.title,
    description: words.description,
    link: options.siteUrl,
    language: options.locale,
    updated: options.updated,
    generator: 'sleepwatch',
    feed: options.selfUrl,
    feedLinks: { [format]: options.selfUrl },
    // Atom requires an author on the feed when entries have none; alerts are written by the service itself.
    author: { name: 'sleepwatch', link: options.siteUrl },
  });
  for (const event of events) feed.addItem(feedItem(event, format, options));

  const body = format === 'rss' ? feed.rss2() : format === 'atom' ? feed.atom1() : upgradeToJsonFeed11(feed.json1(), options.locale);
  return { body, contentType: FEED_CONTENT_TYPES[format] };
}

/** The id of an entry, the same in every format and every render. */
export function alertEventEntryId(event: AlertEvent): string {
  return `urn:sleepwatch:alert-event:${event.id}`;
}

/**
 * The feed's identity: its URL without the subscriber's token, so that rotating a token or
 * sharing the feed under another token does not make readers see a different feed, and the
 * token does not leak into places that show feed ids.
 */
function feedId(selfUrl: string): string {
  const url = new URL(selfUrl);
  url.searchParams.delete('token');
  url.searchParams.sort();
  url.hash = '';
  return url.toString();
}

function feedItem(event: AlertEvent, format: FeedFormat, options: AlertFeedOptions): Item {
  const { alert } = event;
  const text = describeEvent(event, options.locale);
  const title = xmlSafe(text.title);
  const summary = xmlSafe(text.body);
  const excerpt = alert.evidence?.lastPostExcerpt ? xmlSafe(alert.evidence.lastPostExcerpt) : null;
  const at = new Date(event.at);
  const categories: Category[] = [{ name: alert.kind, term: alert.kind, scheme: KIND_SCHEME, domain: KIND_SCHEME }];
  if (alert.status) categories.push({ name: alert.status, term: alert.status, scheme: STATUS_SCHEME, domain: STATUS_SCHEME });

  // The `feed` package declares Atom titles and summaries `type="html"`, and most RSS readers
  // decode titles as HTML too, so both get escaped HTML: a name like "<b>" then shows as typed
  // instead of being eaten as markup, and no "]]>" can end the package's CDATA sections early.
  // JSON Feed titles and summaries are plain text.
  const html = format !== 'json';
  return {
    id: alertEventEntryId(event),
    title: html ? escapeHtml(title) : title,
    link: entryLink(event, options.siteUrl),
    date: at,
    published: at,
    description: html ? textToHtml(summary) : summary,
    content: textToHtml(summary) + (excerpt ? `<blockquote>${textToHtml(excerpt)}</blockquote>` : ''),
    category: categories,
  };
}

const KIND_SCHEME = 'urn:sleepwatch:alert-kind';
const STATUS_SCHEME = 'urn:sleepwatch:status';

/**
 * Where a reader goes to check the alert: the newest post if known, else the account page,
 * else this instance's site. Scraped URLs are only trusted as http(s): anything else (a
 * `javascript:` link from a hostile page, or garbage the feed package cannot parse) falls back.
 */
function entryLink(event: AlertEvent, siteUrl: string): string {
  const candidates = [event.alert.evidence?.lastPostUrl, event.alert.account?.url, siteUrl];
  return candidates.find((url): url is string => !!url && isWebUrl(url)) ?? siteUrl;
}

function isWebUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'https:' || protocol === 'http:';
}

/**
 * feed@6 writes JSON Feed 1.0; 1.1 adds `language` and replaces the single `author` with
 * `authors`. Kind and status can share a word ("empty", "closed"), which JSON tags cannot tell apart.
 */
function upgradeToJsonFeed11(json: string, locale: Locale): string {
  const { version: _version, author, items, ...rest } = JSON.parse(json) as JsonFeed10;
  const upgraded = {
    version: 'https://jsonfeed.org/version/1.1',
    ...rest,
    language: locale,
    ...(author ? { authors: [author] } : {}),
    items: items.map((item) => (item.tags ? { ...item, tags: [...new Set(item.tags)] } : item)),
  };
  return JSON.stringify(upgraded, null, 2);
}

interface JsonFeed10 {
  version: string;
  author?: Record<string, string>;
  items: Array<{ tags?: string[] } & Record<string, unknown>>;
  [field: string]: unknown;
}

/**
 * Removes what XML 1.0 cannot carry at all, not even escaped: control characters and lone
 * surrogates (left behind when a scraper cuts text between the halves of an emoji). One
 * such character in one excerpt would make readers reject the whole feed.
 */
function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escaped text with its line breaks kept and its web addresses clickable. */
function textToHtml(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeHtml(line).replace(ESCAPED_WEB_URL, (url) => `<a href="${url}">${url}</a>`))
    .join('<br>');
}

/** A web address in escaped text: ASCII URL characters, with `&` only as the `&amp;` escaping made of it. */
const ESCAPED_WEB_URL = /https?:\/\/(?:[\w\-.~:/?#[\]@!$()*+,;=%]|&amp;)+/g;

const FEED_WORDS: Record<Locale, { title: string; description: string }> = {
  'zh-CN': { title: 'sleepwatch 告警', description: 'sleepwatch 监测到的账号长期未更新、关停、无法访问等告警' },
  en: { title: 'sleepwatch alerts', description: 'Alerts from sleepwatch: accounts gone silent, closed or unreachable' },
};

/** What a conditional GET compares against: see RFC 9110 §8.8. */
export interface FeedValidators {
  /** Strong and quoted, ready for the `ETag` header and for comparison with `If-None-Match`. */
  etag: string;
  /** The newest event time, to whole seconds as HTTP dates carry them; null for an empty feed. */
  lastModified: Date | null;
}

/**
 * Validators for a feed response, computed from the events alone so that a request can be
 * answered 304 without rendering. An event's text is fixed once it happened (it carries the
 * alert as it stood then), so its id and time stand for its content.
 *
 * @param filterKey a canonical text for everything else that shapes the body, e.g.
 *   `feedFilterKey(filter)`; append the custom title, if any.
 */
export function feedValidators(events: AlertEvent[], format: FeedFormat, locale: Locale, filterKey: string): FeedValidators {
  const identity = JSON.stringify([RENDERING_VERSION, format, locale, filterKey, events.map((e) => [e.id, e.at])]);
  const etag = `"${createHash('sha256').update(identity).digest('base64url')}"`;
  const newest = events.reduce<number | null>((max, e) => {
    const at = Date.parse(e.at);
    return max === null || at > max ? at : max;
  }, null);
  return { etag, lastModified: newest === null ? null : new Date(Math.floor(newest / 1000) * 1000) };
}

/** Bump when the rendered text changes for the same events, so caches drop old bodies. */
const RENDERING_VERSION = 1;
