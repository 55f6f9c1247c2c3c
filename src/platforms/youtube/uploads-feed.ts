import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import { readFeed } from '../feed/read-feed.ts';

interface FeedReadContext {
  pageUrl: string;
  now: Date;
  timeZone: string;
  /** What the channel page showed, when the feed is the second page of a look. */
  previous?: PageFacts;
}

/**
 * Reads the uploads feed (`feeds/videos.xml`), whose `<published>` times are exact, and joins
 * it to what the channel page showed: the page's name and counts, the feed's times for the
 * videos both list.
 *
 * An empty feed means "no uploads" only if the channel page did not show any: YouTube leaves
 * members-only and some live videos out of the feed, and a feed that is empty while the page
 * lists videos is not evidence of silence.
 */
export function readUploadsFeed(body: string, ctx: FeedReadContext): PageFacts {
  const feed = readFeed(body, { url: ctx.pageUrl, now: ctx.now, timeZone: ctx.timeZone });
  const previous = ctx.previous;
  if (!previous) return feed;
  const shown = previous.posts ?? [];
  if (feed.postsCount === 0) {
    if ((previous.postsCount ?? 0) > 0 || shown.length > 0) {
      const count = previous.postsCount ?? shown.length;
      throw new PageMismatchError(`the uploads feed lists no videos although the channel page shows ${count}`);
    }
    return { ...previous, postsCount: 0, posts: [] };
  }
  const exact = feed.posts ?? [];
  const inFeed = new Set(exact.map((post) => post.id));
  const onlyOnPage: ObservedPost[] = shown.filter((post) => !inFeed.has(post.id));
  return {
    ...previous,
    displayName: previous.displayName ?? feed.displayName ?? null,
    posts: [...exact, ...onlyOnPage],
  };
}
