import type { AlertEvent } from '../../domain/alert.ts';
import type { FeedFilter } from '../../domain/feed-filter.ts';
import type { Kysely } from 'kysely';
import type { Schema } from '../../store/schema.ts';
import { newestEventId, recentEvents } from '../../store/alerts-repository.ts';
import { matchesFilter } from './feed-filter.ts';

/** Events a feed carries when its reader does not ask for another number. */
export const DEFAULT_FEED_LIMIT = 100;
/** The most a reader may ask for: a feed is for what is new, the alerts API for history. */
export const MAX_FEED_LIMIT = 500;

/**
 * Events read, newest first, in search of a narrow filter's matches. Filters read the alert
 * each event carries, which the store does not index: a feed whose few matches lie further back
 * than this carries what was found within it.
 */
const MAX_SCANNED = 10_000;

/**
 * The newest events that match every filter (a subscription's and its URL's narrowing), at
 * most `limit`, newest first. Read in pages, so an unfiltered feed costs one query.
 */
export async function newestFeedEvents(db: Kysely<Schema>, filters: readonly FeedFilter[], limit: number): Promise<AlertEvent[]> {
  const matching: AlertEvent[] = [];
  const pageSize = Math.max(limit, 200);
  let beforeId: number | undefined;
  for (let scanned = 0; matching.length < limit && scanned < MAX_SCANNED;) {
    const page = await recentEvents(db, { limit: pageSize, ...(beforeId === undefined ? {} : { beforeId }) });
    for (const event of page) if (filters.every((filter) => matchesFilter(event, filter))) matching.push(event);
    if (page.length < pageSize) break;
    scanned += page.length;
    beforeId = page[page.length - 1]!.id;
  }
  return matching.slice(0, limit);
}

/**
 * What every feed is rendered from, as one value that changes whenever an event is recorded:
 * the newest event's id (events are never changed once recorded). One lookup of the primary key.
 */
export function feedSourceVersion(db: Kysely<Schema>): Promise<string> {
  return newestEventId(db).then((id) => String(id ?? 0));
}
