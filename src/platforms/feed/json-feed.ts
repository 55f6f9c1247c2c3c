import { PageMismatchError } from '../../domain/errors.ts';
import { isJsonFeedExtension, JSON_FEED_KEYS, requireOnlyMetadata } from './empty-feed.ts';
import { absoluteUrl, type FeedDocument, type FeedEntry } from './feed-document.ts';
import { htmlToText } from './html-text.ts';
import { isRecord } from '../json-answer.ts';

const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/;

/**
 * Reads a JSON Feed 1.x (https://jsonfeed.org/version/1.1). Fields of the wrong type are
 * treated as absent rather than failing the whole feed: generators are often sloppy.
 *
 * @throws PageMismatchError for invalid JSON (including a truncated body), for JSON
 *   that is not a JSON Feed, and for an empty `items` list beside keys the spec does not know
 *   (the entries may have moved to a renamed key).
 */
export function readJsonFeed(body: string, baseUrl: string): FeedDocument {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new PageMismatchError(`not a feed: invalid JSON (${(err as Error).message})`);
  }
  if (!isRecord(data) || !JSON_FEED_VERSION.test(string(data.version) ?? '') || !Array.isArray(data.items)) {
    throw new PageMismatchError('not a feed: JSON without a jsonfeed.org "version" and an "items" list');
  }
  if (!data.items.every(isRecord)) throw new PageMismatchError('JSON Feed "items" holds entries that are not objects');
  if (data.items.length === 0) {
    requireOnlyMetadata(Object.keys(data), JSON_FEED_KEYS, isJsonFeedExtension, (key) => JSON.stringify(key));
  }
  return {
    title: string(data.title),
    entries: data.items.map((item): FeedEntry => ({
      id: string(item.id) ?? (typeof item.id === 'number' ? String(item.id) : null),
      date: string(item.date_published) ?? string(item.date_modified),
      url: absoluteUrl(string(item.url) ?? string(item.external_url), baseUrl),
      title: string(item.title),
      summary: () => {
        const html = string(item.content_html);
        return string(item.summary) ?? string(item.content_text) ?? (html ? htmlToText(html).trim() || null : null);
      },
    })),
  };
}

function string(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
